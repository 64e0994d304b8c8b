import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from './env';
import { parseMailbox } from './env-notify';

function problems(env: Record<string, string>): string[] {
  try {
    parseConfig(env);
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
  return [];
}

describe('notification settings', () => {
  it('reads SMTP_URL with MAIL_FROM, and the outbox retry policy', () => {
    const c = parseConfig({ SMTP_URL: 'smtps://u:p@mail.example.com:465', MAIL_FROM: 'Signet <signet@example.com>', OUTBOX_RETRY_BASE_MS: '500', OUTBOX_GIVE_UP_AFTER: '2h', WEBHOOK_ALLOW_PRIVATE: 'true' });
    expect(c.mail).toEqual({ smtpUrl: 'smtps://u:p@mail.example.com:465', from: 'Signet <signet@example.com>' });
    expect(c.outbox).toEqual({ retryBaseMs: 500, giveUpAfterMs: 7_200_000, webhookAllowPrivate: true });
  });

  it('names each bad value, never printing the SMTP password', () => {
    const found = problems({ SMTP_URL: 'http://u:secret@mail.example.com', MAIL_FROM: 'a, b@example.com', OUTBOX_RETRY_BASE_MS: '0', OUTBOX_GIVE_UP_AFTER: 'forever', WEBHOOK_ALLOW_PRIVATE: 'maybe' });
    expect(found.map((p) => p.split(':')[0])).toEqual(['SMTP_URL', 'MAIL_FROM', 'OUTBOX_RETRY_BASE_MS', 'OUTBOX_GIVE_UP_AFTER', 'WEBHOOK_ALLOW_PRIVATE']);
    expect(found.join('\n')).not.toContain('secret');
    expect(problems({ MAIL_FROM: 'signet@example.com' })).toEqual(['MAIL_FROM: only means something with SMTP_URL, which is unset']);
    expect(problems({ SMTP_URL: 'smtp://mail.example.com' })[0]).toMatch(/^MAIL_FROM: expected one sender mailbox/);
  });

  it('accepts exactly one mailbox and refuses header injection', () => {
    expect(parseMailbox('Li Wei <li.wei@example.cn>')).toEqual({ name: 'Li Wei', address: 'li.wei@example.cn' });
    expect(parseMailbox('a@example.com\r\nBcc: evil@example.com')).toBeNull();
    expect(parseMailbox('a@example.com, b@example.com')).toBeNull();
    expect(parseMailbox('not an address')).toBeNull();
  });
});

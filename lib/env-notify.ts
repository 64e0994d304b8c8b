import addressparser from 'nodemailer/lib/addressparser';
import { parseDuration } from './env-backup';

/** Outgoing e-mail (SMTP_URL, MAIL_FROM); null when SMTP_URL is unset, and then no e-mail is sent. */
export interface MailConfig {
  /** smtp:// (STARTTLS when offered) or smtps:// (TLS from the first byte, RFC 8314), with user:password. */
  smtpUrl: string;
  /** RFC 5322 mailbox, e.g. "Signet <signet@example.com>". */
  from: string;
}

/** The outbox worker (lib/notifications): backoff, how long to keep trying, webhook URL policy. */
export interface OutboxConfig {
  /** First retry after this many ms, doubling each time (OUTBOX_RETRY_BASE_MS, default 10 000). */
  retryBaseMs: number;
  /** Give up (status failed) once a delivery is older than this (OUTBOX_GIVE_UP_AFTER, default 24h). */
  giveUpAfterMs: number;
  /** Allow webhook URLs on loopback / private / link-local addresses (WEBHOOK_ALLOW_PRIVATE). */
  webhookAllowPrivate: boolean;
}

/** A plausible addr-spec: one "@", no spaces or control characters, a dotted or bracketed domain. */
const ADDRESS = /^[^\s@<>()[\]\\,;:"\u0000-\u001f\u007f]+@[^\s@<>()\\,;:"\u0000-\u001f\u007f]+$/;

/** The address alone when `input` is exactly one mailbox ("Name <a@b>" or "a@b"); null otherwise. */
export function parseMailbox(input: string): { name: string; address: string } | null {
  if (/[\r\n\u0000]/.test(input)) return null;
  const parsed = addressparser(input, { flatten: true });
  if (parsed.length !== 1) return null;
  const box = parsed[0]!;
  if (!box.address || !ADDRESS.test(box.address)) return null;
  return { name: box.name, address: box.address };
}

/** Each bad value adds one problem, named by its variable. */
export function parseNotifySettings(e: Record<string, string | undefined>, problems: string[]): { mail: MailConfig | null; outbox: OutboxConfig } {
  const blank = (v: string | undefined) => (v && v.trim() !== '' ? v.trim() : undefined);
  const smtpUrl = blank(e.SMTP_URL);
  const from = blank(e.MAIL_FROM);
  let mail: MailConfig | null = null;
  if (smtpUrl) {
    let ok = false;
    try {
      const u = new URL(smtpUrl);
      ok = (u.protocol === 'smtp:' || u.protocol === 'smtps:') && u.hostname !== '';
    } catch {
      ok = false;
    }
    if (!ok) problems.push(`SMTP_URL: expected smtp://user:password@host:587 or smtps://user:password@host:465, got "${redact(smtpUrl)}"`);
    if (!from || !parseMailbox(from)) problems.push(`MAIL_FROM: expected one sender mailbox such as "Signet <signet@example.com>" to send e-mail from, got ${from ? `"${from}"` : 'none'}`);
    mail = { smtpUrl, from: from ?? '' };
  } else if (from) {
    problems.push('MAIL_FROM: only means something with SMTP_URL, which is unset');
  }
  const baseInput = blank(e.OUTBOX_RETRY_BASE_MS) ?? '10000';
  const retryBaseMs = Number(baseInput);
  if (!Number.isInteger(retryBaseMs) || retryBaseMs < 1 || retryBaseMs > 3_600_000) {
    problems.push(`OUTBOX_RETRY_BASE_MS: expected the first retry delay in milliseconds, a whole number from 1 to 3600000, got "${baseInput}"`);
  }
  const giveUpInput = blank(e.OUTBOX_GIVE_UP_AFTER) ?? '24h';
  const giveUpAfterMs = parseDuration(giveUpInput);
  if (giveUpAfterMs === null) problems.push(`OUTBOX_GIVE_UP_AFTER: expected a period such as 30m, 24h or 7d, got "${giveUpInput}"`);
  const privateInput = (blank(e.WEBHOOK_ALLOW_PRIVATE) ?? 'false').toLowerCase();
  if (!['1', 'true', 'yes', '0', 'false', 'no'].includes(privateInput)) problems.push(`WEBHOOK_ALLOW_PRIVATE: expected true or false, got "${privateInput}"`);
  return {
    mail,
    outbox: { retryBaseMs, giveUpAfterMs: giveUpAfterMs ?? 0, webhookAllowPrivate: ['1', 'true', 'yes'].includes(privateInput) },
  };
}

function redact(url: string): string {
  const at = url.lastIndexOf('@');
  if (at < 0) return url;
  const scheme = /^[a-z][a-z0-9+.-]*:\/{0,2}/i.exec(url)?.[0] ?? '';
  return `${scheme}***${url.slice(at)}`;
}

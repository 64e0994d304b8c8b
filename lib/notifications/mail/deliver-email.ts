import { createTransport, type Transporter } from 'nodemailer';
import { organizationName } from '../../organization/organization-name';
import type { Context } from '../../context';
import { isLocale } from '../../i18n/locales';
import type { OutboxRow } from '../claim';
import type { DeliveryOutcome } from '../events';
import { oneLine, renderMail } from './render-mail';
import { NEEDS_ATTACHMENTS, type AttachmentSources, type MailExtras } from './attachments';
import { isMailTemplate } from './templates';

const transports = new Map<string, Transporter>();

/** One pooled-free transport per SMTP_URL; timeouts short enough that a hung server is a retry, not a stuck worker. */
function transportFor(url: string): Transporter {
  let t = transports.get(url);
  if (!t) {
    t = createTransport(url + (url.includes('?') ? '&' : '?') + 'connectionTimeout=15000&greetingTimeout=15000&socketTimeout=30000');
    transports.set(url, t);
  }
  return t;
}

/**
 * Sends one outbox e-mail over SMTP (nodemailer). Message-ID is derived from the outbox id, so a
 * retry after a lost reply carries the same id and mail clients show it once. SMTP 5xx is permanent
 * (RFC 5321 §4.2.1); 4xx and connection failures are retried.
 */
export async function deliverEmail(ctx: Context, row: OutboxRow, sources: AttachmentSources = {}): Promise<DeliveryOutcome> {
  const mail = ctx.config.mail;
  if (!mail) return { ok: false, permanent: false, detail: 'SMTP_URL is not configured' };
  const { template, locale, params } = row.payload as { template: unknown; locale: unknown; params: Record<string, string | number | null> };
  if (!isMailTemplate(template) || !isLocale(locale)) return { ok: false, permanent: true, detail: `unknown template or locale: ${String(template)} / ${String(locale)}` };
  let extras: MailExtras = { attachments: [] };
  if (NEEDS_ATTACHMENTS.has(template)) {
    const source = sources[template];
    // Temporary: a process started without the source (a CLI) leaves the message to the server's worker.
    if (!source) return { ok: false, permanent: false, detail: `no attachment source for ${template} in this process` };
    try {
      extras = await source(ctx, params);
    } catch (e) {
      return { ok: false, permanent: false, detail: `attachments: ${(e as Error).message}` };
    }
  }
  const rendered = await renderMail(template, locale, { org: await organizationName(ctx), ...params, ...extras.params });
  const domain = /@([^>\s]+)>?\s*$/.exec(mail.from)?.[1] ?? 'signet.invalid';
  try {
    const info = await transportFor(mail.smtpUrl).sendMail({
      from: mail.from,
      to: row.target,
      subject: oneLine(rendered.subject),
      text: rendered.text,
      html: rendered.html,
      messageId: `<${row.id}@${domain}>`,
      headers: { 'X-Signet-Event': row.event },
      attachments: [
        ...rendered.inline.map((i) => ({ filename: i.filename, content: i.content, cid: i.cid, contentType: 'image/png' })),
        ...extras.attachments.map((a) => ({ filename: a.filename, content: Buffer.from(a.content), contentType: a.contentType })),
      ],
    });
    return { ok: true, detail: String((info as { response?: string }).response ?? '250 OK') };
  } catch (e) {
    const err = e as Error & { responseCode?: number; response?: string; code?: string };
    const detail = err.response ? err.response : `${err.code ?? 'error'}: ${err.message}`;
    const permanent = typeof err.responseCode === 'number' && err.responseCode >= 500 && err.responseCode < 600;
    return { ok: false, permanent, detail };
  }
}

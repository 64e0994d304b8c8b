import QRCode from 'qrcode';
import { createTranslator } from 'use-intl/core';
import en from '@/messages/en.json';
import zhCN from '@/messages/zh-CN.json';
import { formatDateTime } from '../../i18n/format';
import type { Locale } from '../../i18n/locales';
import type { MailTemplate } from './templates';

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
  /** Inline images referenced from the HTML as cid:<cid> (RFC 2392). */
  inline: { cid: string; filename: string; content: Buffer }[];
}

const CATALOGUES = { en, 'zh-CN': zhCN } as const;
/** Dates in e-mail: the recipient's zone is unknown, so China Standard Time for Chinese, UTC otherwise, always with the offset. */
const ZONES: Record<Locale, string> = { 'zh-CN': 'Asia/Shanghai', en: 'UTC' };
const DATE_PARAMS = new Set(['expiresAt', 'when', 'notAfter']);
export const QR_CID = 'sign-qr@signet';

/**
 * Renders one message in one language, as plain text and as HTML (every value escaped: names and
 * reasons come from users). The invitation carries its link's QR code as an inline PNG.
 */
export async function renderMail(template: MailTemplate, locale: Locale, params: Record<string, string | number | null>): Promise<RenderedMail> {
  const t = createTranslator({ locale, messages: CATALOGUES[locale], namespace: 'mail' });
  const values: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(params)) {
    if (v === null) continue;
    // Names and titles stay on one line; only a decline reason may keep its line breaks.
    values[k] = typeof v === 'string' && k !== 'reason' && !DATE_PARAMS.has(k) ? oneLine(v) : DATE_PARAMS.has(k) && typeof v === 'string' ? formatDateTime(v, { locale, timeZone: ZONES[locale], withZone: true }) : v;
  }
  const has = (key: string) => t.has(`${template}.${key}` as never);
  const say = (key: string) => (t as unknown as (k: string, v: Record<string, string | number>) => string)(`${template}.${key}`, values);
  const subject = oneLine(say('subject'));
  const heading = say('heading');
  const paragraphs = [say('body'), ...(params.reason && has('reason') ? [say('reason')] : []), ...(params.sealed && has('sealed') ? [say('sealed')] : [])];
  // Facts listed under the text (a receipt's document, fingerprint, ledger entry): the template's detail* keys, in order.
  const templateMessages = (CATALOGUES[locale].mail as Record<string, Record<string, string> | string>)[template];
  const details = typeof templateMessages === 'object' ? Object.keys(templateMessages).filter((k) => k.startsWith('detail')).map(say) : [];
  const link = [params.signUrl, params.inviteUrl, params.url].find((v): v is string => typeof v === 'string') ?? null;
  const action = link && has('action') ? say('action') : null;
  const footer = (t as unknown as (k: string, v: Record<string, string | number>) => string)('footer', { org: String(values.org ?? 'Signet') });

  const text = [heading, '', ...paragraphs.flatMap((p) => [p, '']), ...(details.length > 0 ? [...details, ''] : []), ...(action && link ? [`${action}:`, link, ''] : []), '—', footer, ''].join('\n');

  const inline: RenderedMail['inline'] = [];
  if (typeof params.signUrl === 'string') {
    inline.push({ cid: QR_CID, filename: 'signet-qr.png', content: await QRCode.toBuffer(params.signUrl, { errorCorrectionLevel: 'M', margin: 2, width: 240 }) });
  }
  const qrAlt = has('qrAlt') ? say('qrAlt') : '';
  const html = `<!doctype html>
<html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${esc(subject)}</title></head>
<body style="margin:0;padding:0;background:#f4f5f7;font-family:-apple-system,'Segoe UI','PingFang SC','Microsoft YaHei',Helvetica,Arial,sans-serif;color:#1f2933">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f4f5f7;padding:24px 12px"><tr><td align="center">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="max-width:560px;background:#ffffff;border-radius:12px;border:1px solid #e4e7eb">
<tr><td style="padding:20px 28px;border-bottom:1px solid #e4e7eb;font-size:14px;font-weight:600;color:#3e4c59">${esc(String(values.org ?? 'Signet'))}</td></tr>
<tr><td style="padding:28px">
<h1 style="margin:0 0 16px;font-size:20px;line-height:1.35;color:#1f2933">${esc(heading)}</h1>
${paragraphs.map((p) => `<p style="margin:0 0 14px;font-size:15px;line-height:1.6">${esc(p)}</p>`).join('\n')}
${details.length > 0 ? `<ul style="margin:0 0 14px;padding-left:20px;font-size:13px;line-height:1.6;color:#3e4c59;word-break:break-all">${details.map((d) => `<li>${esc(d)}</li>`).join('')}</ul>` : ''}
${action && link ? `<p style="margin:22px 0"><a href="${esc(link)}" style="display:inline-block;background:#1d4ed8;color:#ffffff;text-decoration:none;font-weight:600;padding:12px 22px;border-radius:8px;font-size:15px">${esc(action)}</a></p>
<p style="margin:0 0 14px;font-size:12px;line-height:1.5;color:#616e7c;word-break:break-all">${esc(link)}</p>` : ''}
${inline.length > 0 ? `<p style="margin:18px 0 0;text-align:center"><img src="cid:${QR_CID}" width="200" height="200" alt="${esc(qrAlt)}" style="border:1px solid #e4e7eb;border-radius:8px"></p>${qrAlt ? `<p style="margin:6px 0 0;text-align:center;font-size:12px;color:#616e7c">${esc(qrAlt)}</p>` : ''}` : ''}
</td></tr>
<tr><td style="padding:16px 28px;border-top:1px solid #e4e7eb;font-size:12px;line-height:1.5;color:#7b8794">${esc(footer)}</td></tr>
</table></td></tr></table></body></html>
`;
  return { subject, text, html, inline };
}

/** A header value on one line: CR/LF in a user's name must never start a new header (RFC 5322 §2.2). */
export function oneLine(value: string): string {
  return value.replace(/[\r\n\u0000-\u001f\u007f]+/g, ' ').trim();
}

function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

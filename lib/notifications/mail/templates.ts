/** The e-mails Signet sends; each has subject, heading, body (and an action) in messages/*.json under "mail.<template>". */
export const MAIL_TEMPLATES = ['invitation', 'signed', 'declined', 'expired', 'certificateReminder', 'staffInvite', 'expiryReminder', 'signerReceipt'] as const;
export type MailTemplate = (typeof MAIL_TEMPLATES)[number];

export function isMailTemplate(value: unknown): value is MailTemplate {
  return typeof value === 'string' && (MAIL_TEMPLATES as readonly string[]).includes(value);
}

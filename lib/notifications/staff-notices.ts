import { eq } from 'drizzle-orm';
import { schema, type Db } from '@/db/client';
import type { Context } from '../context';
import { DEFAULT_LOCALE, isLocale, type Locale } from '../i18n/locales';
import { organizationName } from '../organization/organization-name';
import { enqueueEmails } from './enqueue';

export interface StaffInviteNotice {
  /** The invited person's address, already normalised (lib/notifications/notify-address.ts). */
  to: string;
  name: string;
  /** The one-time enrolment link: a bearer secret, erased from the outbox row once delivered. */
  inviteUrl: string;
  expiresAt: Date;
  /** The administrator who invites (staff id), whose language the e-mail is written in. */
  invitedBy: string | null;
}

/**
 * The staff invite e-mail, in the invite's own transaction: an invite that rolls back is never
 * mailed. The invited person's language is unknown, so the inviting administrator's is used (an
 * API key invites in the organisation's name, in English).
 * Answers whether a message was queued (false without SMTP_URL).
 */
export async function notifyStaffInvite(tx: Db, ctx: Context, n: StaffInviteNotice): Promise<boolean> {
  const [inviter] = n.invitedBy
    ? await tx.select({ name: schema.staffUsers.name, locale: schema.staffUsers.locale }).from(schema.staffUsers).where(eq(schema.staffUsers.id, n.invitedBy))
    : [];
  const locale: Locale = isLocale(inviter?.locale) ? inviter.locale : DEFAULT_LOCALE;
  const queued = await enqueueEmails(tx, ctx, 'staff.invited', [
    { to: n.to, template: 'staffInvite', locale, params: { name: n.name, inviter: inviter?.name ?? (await organizationName(ctx, tx)), expiresAt: n.expiresAt.toISOString(), inviteUrl: n.inviteUrl } },
  ]);
  return queued > 0;
}

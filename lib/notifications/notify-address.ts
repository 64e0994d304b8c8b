import { and, eq } from 'drizzle-orm';
import { schema } from '@/db/client';
import type { Context } from '../context';
import { parseMailbox } from '../env-notify';
import { AppError } from '../errors';
import type { Locale } from '../i18n/locales';

export type NotifyOwner = { kind: 'staff' | 'api_key'; id: string };

/** Normalises an address typed by a person: one mailbox, lower-cased; EMAIL_INVALID otherwise. */
export function normaliseEmail(input: string): string {
  const box = parseMailbox(input.trim());
  if (!box || box.name || box.address.length > 254) throw new AppError('EMAIL_INVALID', `expected one e-mail address such as name@example.com, got "${input.slice(0, 100).replace(/[\r\n]/g, '\\n')}"`);
  return box.address.toLowerCase();
}

/**
 * Where a staff member's or API key's notifications go ("signed", "declined", "expired"), and in
 * which language (the one it was saved in; the staff language setting wins); null removes it.
 */
export async function setNotifyAddress(ctx: Context, owner: NotifyOwner, email: string | null, locale: Locale | null = null): Promise<string | null> {
  const a = schema.notifyAddresses;
  if (email === null || email.trim() === '') {
    await ctx.db.delete(a).where(and(eq(a.ownerKind, owner.kind), eq(a.ownerId, owner.id)));
    return null;
  }
  const address = normaliseEmail(email);
  const now = ctx.clock.now();
  await ctx.db
    .insert(a)
    .values({ ownerKind: owner.kind, ownerId: owner.id, email: address, locale, updatedAt: now })
    .onConflictDoUpdate({ target: [a.ownerKind, a.ownerId], set: { email: address, locale, updatedAt: now } });
  return address;
}

export async function getNotifyAddress(ctx: Context, owner: NotifyOwner): Promise<string | null> {
  const a = schema.notifyAddresses;
  const [row] = await ctx.db.select({ email: a.email }).from(a).where(and(eq(a.ownerKind, owner.kind), eq(a.ownerId, owner.id)));
  return row?.email ?? null;
}

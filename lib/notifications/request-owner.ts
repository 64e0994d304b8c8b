import { and, eq } from 'drizzle-orm';
import { schema, type Db } from '@/db/client';
import { DEFAULT_LOCALE, isLocale, type Locale } from '../i18n/locales';

/**
 * The language to write to a request's signers in: theirs is unknown, so the language of whoever
 * created the request (the staff member's setting, else the language their notification address
 * was saved in), else the default.
 */
export async function requestOwnerLocale(db: Db, requestId: string): Promise<Locale> {
  const o = schema.resourceOwners;
  const [owner] = await db.select({ kind: o.ownerKind, id: o.ownerId }).from(o).where(and(eq(o.resourceKind, 'request'), eq(o.resourceId, requestId)));
  if (!owner) return DEFAULT_LOCALE;
  if (owner.kind === 'staff') {
    const [user] = await db.select({ locale: schema.staffUsers.locale }).from(schema.staffUsers).where(eq(schema.staffUsers.id, owner.id));
    if (isLocale(user?.locale)) return user.locale;
  }
  const a = schema.notifyAddresses;
  const [address] = await db.select({ locale: a.locale }).from(a).where(and(eq(a.ownerKind, owner.kind), eq(a.ownerId, owner.id)));
  return isLocale(address?.locale) ? address.locale : DEFAULT_LOCALE;
}

import { eq } from 'drizzle-orm';
import { schema } from '@/db/client';
import type { Context } from '../context';
import { AppError } from '../errors';
import { isLocale, isTimeZone, type Locale } from '../i18n/locales';

export interface StaffPreferences {
  locale: Locale | null;
  timeZone: string | null;
}

/** A staff member's display language and time zone (null: follow the browser). */
export async function getPreferences(ctx: Context, userId: string): Promise<StaffPreferences> {
  const [row] = await ctx.db.select({ locale: schema.staffUsers.locale, timeZone: schema.staffUsers.timeZone }).from(schema.staffUsers).where(eq(schema.staffUsers.id, userId));
  return { locale: isLocale(row?.locale) ? row.locale : null, timeZone: isTimeZone(row?.timeZone) ? row.timeZone : null };
}

export interface AccountSettingsChange {
  name?: string;
  locale?: string | null;
  timeZone?: string | null;
}

/**
 * Changes the caller's own name, language or time zone. Each value is checked before anything is
 * written, so a bad one changes nothing.
 */
export async function updateAccountSettings(ctx: Context, userId: string, change: AccountSettingsChange): Promise<StaffPreferences & { name: string }> {
  const name = change.name?.trim();
  if (change.name !== undefined && (!name || name.length > 120)) {
    throw new AppError('VALIDATION_FAILED', `name: expected 1 to 120 characters, got ${name ? name.length : 0}`);
  }
  if (change.locale != null && !isLocale(change.locale)) {
    throw new AppError('VALIDATION_FAILED', `locale: expected "zh-CN", "en" or null, got "${String(change.locale).slice(0, 40)}"`);
  }
  if (change.timeZone != null && !isTimeZone(change.timeZone)) {
    throw new AppError('VALIDATION_FAILED', `timeZone: expected an IANA time zone such as "Asia/Shanghai" or null, got "${String(change.timeZone).slice(0, 64)}"`);
  }
  const set: Partial<typeof schema.staffUsers.$inferInsert> = {};
  if (name !== undefined) set.name = name;
  if (change.locale !== undefined) set.locale = change.locale;
  if (change.timeZone !== undefined) set.timeZone = change.timeZone;
  const [row] = Object.keys(set).length
    ? await ctx.db.update(schema.staffUsers).set(set).where(eq(schema.staffUsers.id, userId)).returning()
    : await ctx.db.select().from(schema.staffUsers).where(eq(schema.staffUsers.id, userId));
  if (!row) throw new AppError('NOT_FOUND', `expected a staff account id, got "${userId.slice(0, 40)}"`);
  return { name: row.name, locale: isLocale(row.locale) ? row.locale : null, timeZone: isTimeZone(row.timeZone) ? row.timeZone : null };
}

/** The languages Signet speaks, as BCP 47 tags (RFC 5646). Simplified Chinese first: the users' own. */
export const LOCALES = ['zh-CN', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'en';

/** Cookie the language switcher sets; read before Accept-Language. */
export const LOCALE_COOKIE = 'signet_locale';
/** Cookie the browser's time zone is written to, so server-rendered pages show local time. */
export const TIME_ZONE_COOKIE = 'signet_tz';

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/** True for an IANA time zone name this runtime knows (ECMA-402 rejects unknown names). */
export function isTimeZone(value: unknown): value is string {
  if (typeof value !== 'string' || value.length === 0 || value.length > 64) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

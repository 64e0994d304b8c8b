import type { Context } from '../context';
import { AppError } from '../errors';
import { readCookie } from '../auth/session-cookie-names';
import { getPreferences } from '../auth/preferences';
import type { Actor } from '../auth/actor';
import { isLocale, LOCALE_COOKIE, TIME_ZONE_COOKIE, type Locale } from '../i18n/locales';
import { resolveLocale, resolveTimeZone } from '../i18n/negotiate';

/**
 * The language and time zone of a file a route hands back (PDF, export): a `?locale=` the page's
 * own download link passes (the language it is shown in), else as the pages resolve it
 * (i18n/request.ts): the staff member's setting, the switcher's cookie, then Accept-Language.
 * Read from the request itself, so the route also runs outside Next.js's request scope (tests,
 * the node:http front).
 */
export async function requestLocale(ctx: Context, request: Request, actor: Actor): Promise<{ locale: Locale; timeZone: string }> {
  const asked = new URL(request.url).searchParams.get('locale');
  if (asked !== null && !isLocale(asked)) throw new AppError('VALIDATION_FAILED', 'locale: expected zh-CN or en');
  const prefs = actor.kind === 'staff' ? await getPreferences(ctx, actor.id) : { locale: null, timeZone: null };
  const cookies = request.headers.get('cookie');
  return {
    locale: asked ?? resolveLocale({ setting: prefs.locale, cookie: readCookie(cookies, LOCALE_COOKIE), acceptLanguage: request.headers.get('accept-language') }),
    timeZone: resolveTimeZone({ setting: prefs.timeZone, cookie: readCookie(cookies, TIME_ZONE_COOKIE) }),
  };
}

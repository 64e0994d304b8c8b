import { cookies, headers } from 'next/headers';
import { getRequestConfig } from 'next-intl/server';
import { currentPreferences } from '@/app/_components/current-staff';
import { LINK_LOCALE_HEADER } from '@/lib/http/security-headers';
import { LOCALE_COOKIE, TIME_ZONE_COOKIE, type Locale } from '@/lib/i18n/locales';
import { resolveLocale, resolveTimeZone } from '@/lib/i18n/negotiate';

const catalogues: Record<Locale, () => Promise<{ default: Record<string, unknown> }>> = {
  'zh-CN': () => import('../messages/zh-CN.json'),
  en: () => import('../messages/en.json'),
};

/**
 * next-intl without i18n routing: no locale in the URL, so sign links and QR codes stay short.
 * The locale and time zone come from the staff member's settings, then the switcher's cookie (and
 * the browser's zone in a cookie), then the language a signing link carries, then Accept-Language.
 */
export default getRequestConfig(async () => {
  const [jar, head, prefs] = await Promise.all([cookies(), headers(), currentPreferences()]);
  const locale = resolveLocale({ setting: prefs.locale, cookie: jar.get(LOCALE_COOKIE)?.value, link: head.get(LINK_LOCALE_HEADER), acceptLanguage: head.get('accept-language') });
  const timeZone = resolveTimeZone({ setting: prefs.timeZone, cookie: jar.get(TIME_ZONE_COOKIE)?.value });
  return { locale, timeZone, messages: (await catalogues[locale]()).default };
});

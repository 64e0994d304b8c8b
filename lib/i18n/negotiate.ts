import { match } from '@formatjs/intl-localematcher';
import Negotiator from 'negotiator';
import { DEFAULT_LOCALE, isLocale, isTimeZone, LOCALES, type Locale } from './locales';

/**
 * The best of LOCALES for an Accept-Language header (RFC 9110 §12.5.4), by the "best fit"
 * algorithm of ECMA-402 (so zh, zh-Hans and zh-SG all reach zh-CN); DEFAULT_LOCALE otherwise.
 */
export function negotiateLocale(acceptLanguage: string | null | undefined): Locale {
  if (!acceptLanguage) return DEFAULT_LOCALE;
  const requested = new Negotiator({ headers: { 'accept-language': acceptLanguage } }).languages().filter((l) => l !== '*');
  try {
    const found = match(requested, [...LOCALES, 'zh-Hans', 'zh'], DEFAULT_LOCALE, { algorithm: 'best fit' });
    return found === 'zh' || found === 'zh-Hans' ? 'zh-CN' : isLocale(found) ? found : DEFAULT_LOCALE;
  } catch {
    return DEFAULT_LOCALE; // a malformed tag in the header
  }
}

/**
 * The locale for a request, first match wins: the signed-in staff member's setting, the switcher's
 * cookie, the language a signing link carries (the uploader's), then Accept-Language.
 */
export function resolveLocale(input: { setting?: string | null; cookie?: string | null; link?: string | null; acceptLanguage?: string | null }): Locale {
  for (const candidate of [input.setting, input.cookie, input.link]) if (isLocale(candidate)) return candidate;
  return negotiateLocale(input.acceptLanguage);
}

/** The time zone for a request: the staff setting, the browser's (cookie), else UTC. */
export function resolveTimeZone(input: { setting?: string | null; cookie?: string | null }): string {
  for (const candidate of [input.setting, input.cookie]) if (isTimeZone(candidate)) return candidate;
  return 'UTC';
}

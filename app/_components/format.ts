import { formatBytes, formatDateTime, formatNumber, formatRelative } from '@/lib/i18n/format';

export { fingerprintGroups } from '@/lib/i18n/format';

/** Formatting bound to one viewer's locale and time zone (next-intl's request or provider values). */
export interface Format {
  locale: string;
  timeZone: string;
  dateTime: (iso: string | Date | null | undefined, options?: { withZone?: boolean; seconds?: boolean }) => string;
  relative: (iso: string, now: number) => string;
  bytes: (n: number) => string;
  number: (n: number) => string;
}

export function makeFormat(locale: string, timeZone: string): Format {
  return {
    locale,
    timeZone,
    dateTime: (iso, options) => formatDateTime(iso, { locale, timeZone, ...options }),
    relative: (iso, now) => formatRelative(iso, now, locale),
    bytes: (n) => formatBytes(n, locale),
    number: (n) => formatNumber(n, locale),
  };
}

/**
 * Display formatting on ECMA-402 Intl, shared by server and client: dates in the viewer's time
 * zone (the evidence and the API stay ISO 8601 UTC), sizes in SI units (1 MB = 10^6 bytes, as
 * UPLOAD_MAX_BYTES's "MB" means), numbers with the locale's grouping.
 */
export interface FormatOptions {
  locale: string;
  timeZone: string;
}

/** "UTC+08:00" / "UTC" for an instant in a zone (the offset, unambiguous in every language). */
export function zoneOffsetLabel(date: Date, timeZone: string): string {
  const part = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' }).formatToParts(date).find((p) => p.type === 'timeZoneName');
  const offset = (part?.value ?? 'GMT').replace(/^GMT/, '').replace(/^[+-]00:00$/, '');
  return offset ? `UTC${offset}` : 'UTC';
}

/** Date and time to the minute, optionally with the zone offset ("2026年12月3日 18:56 (UTC+08:00)"). */
export function formatDateTime(iso: string | Date | null | undefined, o: FormatOptions & { withZone?: boolean; seconds?: boolean }): string {
  if (!iso) return '—';
  const date = typeof iso === 'string' ? new Date(iso) : iso;
  if (Number.isNaN(date.getTime())) return '—';
  const text = new Intl.DateTimeFormat(o.locale, {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    ...(o.seconds ? { second: '2-digit' } : {}),
    hourCycle: 'h23',
    timeZone: o.timeZone,
  }).format(date);
  return o.withZone ? `${text} (${zoneOffsetLabel(date, o.timeZone)})` : text;
}

/** "in 3 hours" / "3 小时后", to the largest whole unit of days, hours, minutes. */
export function formatRelative(iso: string, now: number, locale: string): string {
  const diff = new Date(iso).getTime() - now;
  const rtf = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  const units: [number, Intl.RelativeTimeFormatUnit][] = [
    [86_400_000, 'day'],
    [3_600_000, 'hour'],
    [60_000, 'minute'],
  ];
  for (const [ms, unit] of units) if (Math.abs(diff) >= ms) return rtf.format(Math.round(diff / ms), unit);
  return rtf.format(0, 'minute');
}

const SI: [number, 'byte' | 'kilobyte' | 'megabyte' | 'gigabyte' | 'terabyte'][] = [
  [1e12, 'terabyte'],
  [1e9, 'gigabyte'],
  [1e6, 'megabyte'],
  [1e3, 'kilobyte'],
];

/** A byte count in SI units with the locale's digits: 100000000 → "100 MB". */
export function formatBytes(n: number, locale: string): string {
  for (const [size, unit] of SI) {
    if (n >= size) {
      const v = n / size;
      return new Intl.NumberFormat(locale, { style: 'unit', unit, unitDisplay: 'short', maximumFractionDigits: v >= 100 ? 0 : 1 }).format(v);
    }
  }
  // Intl's short byte unit reads "512 byte" in English; the symbol B is what people expect.
  return `${new Intl.NumberFormat(locale).format(n)} B`;
}

export function formatNumber(n: number, locale: string): string {
  return new Intl.NumberFormat(locale).format(n);
}

export function fingerprintGroups(sha256hex: string): string {
  return sha256hex.match(/.{1,8}/g)?.join(' ') ?? sha256hex;
}

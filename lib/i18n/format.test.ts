import { describe, expect, it } from 'vitest';
import { formatBytes, formatDateTime, formatRelative, zoneOffsetLabel } from './format';
import { isTimeZone } from './locales';
import { negotiateLocale, resolveLocale, resolveTimeZone } from './negotiate';

const AT = '2026-12-03T10:56:59.357Z';

describe('formatDateTime', () => {
  it('shows the instant in the viewer’s zone: 18:56 in Shanghai, 10:56 in UTC', () => {
    expect(formatDateTime(AT, { locale: 'zh-CN', timeZone: 'Asia/Shanghai' })).toBe('2026年12月3日 18:56');
    expect(formatDateTime(AT, { locale: 'en', timeZone: 'UTC' })).toBe('Dec 3, 2026, 10:56');
  });

  it('names the zone as an offset where it matters, and crosses the date line correctly', () => {
    expect(formatDateTime(AT, { locale: 'zh-CN', timeZone: 'Asia/Shanghai', withZone: true })).toBe('2026年12月3日 18:56 (UTC+08:00)');
    expect(formatDateTime(AT, { locale: 'en', timeZone: 'UTC', withZone: true })).toBe('Dec 3, 2026, 10:56 (UTC)');
    expect(formatDateTime('2026-12-03T20:00:00Z', { locale: 'zh-CN', timeZone: 'Asia/Shanghai' })).toBe('2026年12月4日 04:00');
    expect(zoneOffsetLabel(new Date('2026-07-01T00:00:00Z'), 'America/New_York')).toBe('UTC-04:00');
  });

  it('shows a dash for a missing or unreadable time instead of "Invalid Date"', () => {
    expect(formatDateTime(null, { locale: 'en', timeZone: 'UTC' })).toBe('—');
    expect(formatDateTime('not a date', { locale: 'en', timeZone: 'UTC' })).toBe('—');
  });
});

describe('formatRelative and formatBytes', () => {
  it('says relative times in the language', () => {
    const now = Date.parse(AT);
    expect(formatRelative(new Date(now + 3 * 3_600_000).toISOString(), now, 'zh-CN')).toBe('3小时后');
    expect(formatRelative(new Date(now + 3 * 3_600_000).toISOString(), now, 'en')).toBe('in 3 hours');
    expect(formatRelative(new Date(now - 2 * 86_400_000).toISOString(), now, 'en')).toBe('2 days ago');
  });

  it('uses SI units as UPLOAD_MAX_BYTES does: 100MB reads "100 MB", not "95.4 MB"', () => {
    expect(formatBytes(100_000_000, 'en')).toBe('100 MB');
    expect(formatBytes(20_000_000, 'zh-CN')).toBe('20 MB');
    expect(formatBytes(1_536, 'en')).toBe('1.5 kB');
    expect(formatBytes(512, 'en')).toBe('512 B');
  });
});

describe('locale and time zone resolution', () => {
  it('negotiates Accept-Language to zh-CN or en, defaulting to en', () => {
    expect(negotiateLocale('zh-CN,zh;q=0.9,en;q=0.8')).toBe('zh-CN');
    expect(negotiateLocale('zh')).toBe('zh-CN');
    expect(negotiateLocale('zh-Hans-CN')).toBe('zh-CN');
    expect(negotiateLocale('en-GB,en;q=0.9')).toBe('en');
    expect(negotiateLocale('de-DE')).toBe('en');
    expect(negotiateLocale('')).toBe('en');
    expect(negotiateLocale('@@@')).toBe('en');
  });

  it('prefers the staff setting, then the cookie, then the link, then the header; ignores unknown values', () => {
    expect(resolveLocale({ setting: 'en', cookie: 'zh-CN', acceptLanguage: 'zh-CN' })).toBe('en');
    expect(resolveLocale({ setting: null, cookie: 'zh-CN', acceptLanguage: 'en' })).toBe('zh-CN');
    expect(resolveLocale({ cookie: 'fr', link: 'zh-CN', acceptLanguage: 'en' })).toBe('zh-CN');
    expect(resolveLocale({ cookie: 'fr', link: 'xx', acceptLanguage: 'zh-TW' })).toBe('zh-CN');
    expect(resolveTimeZone({ setting: null, cookie: 'Asia/Shanghai' })).toBe('Asia/Shanghai');
    expect(resolveTimeZone({ setting: 'Europe/Berlin', cookie: 'Asia/Shanghai' })).toBe('Europe/Berlin');
    expect(resolveTimeZone({ cookie: 'Mars/Olympus' })).toBe('UTC');
    expect(isTimeZone('Asia/Shanghai')).toBe(true);
    expect(isTimeZone('Asia/Nowhere')).toBe(false);
  });
});

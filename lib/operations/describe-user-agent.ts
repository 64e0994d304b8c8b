import { UAParser } from 'ua-parser-js';

/** "Chrome 131 · Android 14 · Pixel 7" from a User-Agent header; null when nothing is recognised. */
export function describeUserAgent(userAgent: string | null | undefined): string | null {
  if (!userAgent) return null;
  const r = new UAParser(userAgent).getResult();
  const browser = [r.browser.name, r.browser.version?.split('.')[0]].filter(Boolean).join(' ');
  const os = [r.os.name, r.os.version].filter(Boolean).join(' ');
  const device = [r.device.vendor, r.device.model].filter(Boolean).join(' ');
  const parts = [browser, os, device].filter(Boolean);
  return parts.length ? parts.join(' · ') : null;
}

import type { Metadata, Viewport } from 'next';
import { NextIntlClientProvider } from 'next-intl';
import { cookies, headers } from 'next/headers';
import { getLocale, getTimeZone, getTranslations } from 'next-intl/server';
import { currentPreferences } from '@/app/_components/current-staff';
import { TimeZoneProbe } from '@/app/_components/time-zone-probe';
import { TimeZoneSync } from '@/app/_components/time-zone-sync';
import { TIME_ZONE_COOKIE, isTimeZone } from '@/lib/i18n/locales';
import './globals.css';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('meta');
  return {
    title: { default: 'Signet', template: '%s · Signet' },
    description: t('description'),
    applicationName: 'Signet',
    manifest: '/manifest.webmanifest',
    icons: { icon: [{ url: '/icon.svg', type: 'image/svg+xml' }, { url: '/icons/icon-192.png', sizes: '192x192', type: 'image/png' }], apple: '/icons/apple-touch-icon.png' },
  };
}

export const viewport: Viewport = { width: 'device-width', initialScale: 1, themeColor: '#4338ca' };

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  const [locale, timeZone, prefs, jar, head] = await Promise.all([getLocale(), getTimeZone(), currentPreferences(), cookies(), headers()]);
  const zoneUnknown = prefs.timeZone === null && !isTimeZone(jar.get(TIME_ZONE_COOKIE)?.value);
  return (
    <html lang={locale}>
      {zoneUnknown && (
        <head>
          <TimeZoneProbe rendered={timeZone} nonce={head.get('x-nonce') ?? undefined} />
        </head>
      )}
      <body>
        <NextIntlClientProvider>
          <TimeZoneSync current={timeZone} pinned={prefs.timeZone !== null} />
          {children}
        </NextIntlClientProvider>
      </body>
    </html>
  );
}

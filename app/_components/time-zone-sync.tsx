'use client';

import { useRouter } from 'next/navigation';
import { useEffect } from 'react';
import { TIME_ZONE_COOKIE } from '@/lib/i18n/locales';

/**
 * Server-rendered pages show times in the browser's zone unless the staff member chose one: the
 * zone is written to a cookie the server reads (i18n/request.ts), and the page re-renders once
 * when it differed (travel, a changed device setting; a first visit is handled before paint by
 * TimeZoneProbe).
 */
export function TimeZoneSync({ current, pinned }: { current: string; pinned: boolean }) {
  const router = useRouter();
  useEffect(() => {
    const browser = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (!browser) return;
    const stored = document.cookie.split('; ').find((c) => c.startsWith(`${TIME_ZONE_COOKIE}=`));
    if (stored?.slice(TIME_ZONE_COOKIE.length + 1) !== encodeURIComponent(browser)) {
      document.cookie = `${TIME_ZONE_COOKIE}=${encodeURIComponent(browser)}; path=/; max-age=31536000; samesite=lax`;
    }
    if (!pinned && browser !== current) router.refresh();
  }, [current, pinned, router]);
  return null;
}

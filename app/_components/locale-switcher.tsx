'use client';

import { useLocale, useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useTransition } from 'react';
import { LOCALE_COOKIE, LOCALES, type Locale } from '@/lib/i18n/locales';
import { apiJson } from './hash-file';

const NAMES: Record<Locale, string> = { 'zh-CN': '简体中文', en: 'English' };

/**
 * The language choice: a cookie for everyone, and for a signed-in staff member also their setting
 * (which takes precedence over the cookie on every device they use).
 */
export function LocaleSwitcher({ signedIn = false, className = '' }: { signedIn?: boolean; className?: string }) {
  const locale = useLocale();
  const t = useTranslations('common');
  const router = useRouter();
  const [pending, start] = useTransition();
  return (
    <label className={`locale-switcher ${className}`}>
      <span className="sr-only">{t('language')}</span>
      <span aria-hidden className="locale-globe">
        文/A
      </span>
      <select
        value={locale}
        disabled={pending}
        data-testid="locale-switcher"
        onChange={(e) => {
          const next = e.target.value as Locale;
          document.cookie = `${LOCALE_COOKIE}=${next}; path=/; max-age=31536000; samesite=lax`;
          start(async () => {
            if (signedIn) await apiJson('/api/account', { method: 'PATCH', body: JSON.stringify({ locale: next }) }).catch(() => undefined);
            router.refresh();
          });
        }}
      >
        {LOCALES.map((l) => (
          <option key={l} value={l} lang={l}>
            {NAMES[l]}
          </option>
        ))}
      </select>
    </label>
  );
}

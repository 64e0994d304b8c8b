'use client';

import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useMemo, useState } from 'react';
import { LOCALES } from '@/lib/i18n/locales';
import { apiJson } from './hash-file';
import { ProblemAlert, useExplain, type Problem } from './problem';

const LANGUAGE_NAMES: Record<string, string> = { 'zh-CN': '简体中文', en: 'English' };

/** The caller's own display name, language and time zone ("" = follow the browser). */
export function AccountSettings({ name, locale, timeZone }: { name: string; locale: string | null; timeZone: string | null }) {
  const t = useTranslations('account');
  const router = useRouter();
  const explain = useExplain();
  const [form, setForm] = useState({ name, locale: locale ?? '', timeZone: timeZone ?? '' });
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState(false);
  const [error, setError] = useState<Problem | null>(null);
  const zones = useMemo(() => (typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : ['UTC', 'Asia/Shanghai']), []);
  return (
    <form
      className="card"
      id="settings"
      data-testid="account-settings"
      onSubmit={async (e) => {
        e.preventDefault();
        setBusy(true);
        setSaved(false);
        setError(null);
        try {
          await apiJson('/api/account', { method: 'PATCH', body: JSON.stringify({ name: form.name, locale: form.locale || null, timeZone: form.timeZone || null }) });
          setSaved(true);
          router.refresh();
        } catch (err) {
          setError(explain(err));
        } finally {
          setBusy(false);
        }
      }}
    >
      <h2 style={{ marginTop: 0, fontSize: '1.05rem' }}>{t('settings')}</h2>
      <div className="settings-grid">
        <label className="field">
          <span>{t('displayName')}</span>
          <input type="text" required maxLength={120} value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} data-testid="settings-name" />
        </label>
        <label className="field">
          <span>{t('language')}</span>
          <select value={form.locale} onChange={(e) => setForm({ ...form, locale: e.target.value })} data-testid="settings-locale">
            <option value="">{t('followBrowser')}</option>
            {LOCALES.map((l) => (
              <option key={l} value={l} lang={l}>
                {LANGUAGE_NAMES[l]}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t('timeZone')}</span>
          <select value={form.timeZone} onChange={(e) => setForm({ ...form, timeZone: e.target.value })} data-testid="settings-time-zone">
            <option value="">{t('followBrowser')}</option>
            {zones.map((z) => (
              <option key={z} value={z}>
                {z}
              </option>
            ))}
          </select>
        </label>
      </div>
      <ProblemAlert problem={error} />
      <div className="row">
        <button type="submit" className="btn btn-primary" disabled={busy || !form.name.trim()} data-testid="settings-save">
          {busy ? t('saving') : t('save')}
        </button>
        {saved && (
          <span className="small muted" role="status">
            {t('saved')}
          </span>
        )}
      </div>
    </form>
  );
}

'use client';

import { useLocale, useTranslations } from 'next-intl';
import { useState } from 'react';
import { apiJson } from './hash-file';
import { ProblemAlert, useExplain, type Problem } from './problem';

/** Account: the address "signed" / "declined" / "expired" e-mails go to, or a plain note that e-mail is off. */
export function NotifyEmailForm({ email, mailOn }: { email: string | null; mailOn: boolean }) {
  const t = useTranslations('notifications');
  const explain = useExplain();
  const locale = useLocale();
  const [value, setValue] = useState(email ?? '');
  const [saved, setSaved] = useState(false);
  const [error, setError] = useState<Problem | null>(null);
  return (
    <div className="card" data-testid="notify-email">
      <h2 className="card-title">{t('yourEmail')}</h2>
      <p className="muted small">{mailOn ? t('yourEmailHint') : t('yourEmailOff')}</p>
      <form
        className="stack"
        onSubmit={async (e) => {
          e.preventDefault();
          setError(null);
          setSaved(false);
          try {
            const r = await apiJson<{ email: string | null }>('/api/account/notify-email', { method: 'PUT', body: JSON.stringify({ email: value.trim() === '' ? null : value, locale }) });
            setValue(r.email ?? '');
            setSaved(true);
          } catch (err) {
            setError(explain(err));
          }
        }}
      >
        <ProblemAlert problem={error} />
        {saved && (
          <div className="alert alert-ok" role="status">
            {t('saved')}
          </div>
        )}
        <label className="field">
          <span>{t('emailLabel')}</span>
          <input type="email" id="notify-email" maxLength={254} autoComplete="email" value={value} onChange={(e) => setValue(e.target.value)} placeholder="name@example.com" />
        </label>
        <div>
          <button type="submit" className="btn btn-secondary">
            {t('save')}
          </button>
        </div>
      </form>
    </div>
  );
}

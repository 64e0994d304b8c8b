'use client';

import { startAuthentication, startRegistration } from '@simplewebauthn/browser';
import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { apiJson } from './hash-file';
import { ProblemAlert, useExplain, type Problem } from './problem';

type Options = Parameters<typeof startRegistration>[0]['optionsJSON'];
type RequestOptions = Parameters<typeof startAuthentication>[0]['optionsJSON'];

/** Sign in with a discoverable staff passkey, then go to the staff pages. */
export function SignInForm() {
  const router = useRouter();
  const t = useTranslations('auth');
  const explain = useExplain();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Problem | null>(null);
  return (
    <div className="stack">
      <ProblemAlert problem={error} title={t('signInFailed')} testId="sign-in-error" />
      <button
        type="button"
        className="btn btn-primary btn-block"
        disabled={busy}
        onClick={async () => {
          setBusy(true);
          setError(null);
          try {
            const { options } = await apiJson<{ options: RequestOptions }>('/api/auth/sign-in/options', { method: 'POST' });
            const response = await startAuthentication({ optionsJSON: options });
            await apiJson('/api/auth/sign-in', { method: 'POST', body: JSON.stringify({ response }) });
            router.replace('/');
            router.refresh();
          } catch (e) {
            setError(explain(e));
            setBusy(false);
          }
        }}
      >
        {busy ? t('waiting') : t('signInButton')}
      </button>
    </div>
  );
}

/** Registers the passkey for a setup or invite link and signs the new staff member in. */
export function EnrolForm({ token, name, setup }: { token: string; name: string; setup: boolean }) {
  const router = useRouter();
  const t = useTranslations('auth');
  const explain = useExplain();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Problem | null>(null);
  const [label, setLabel] = useState('');
  const [ownName, setOwnName] = useState(name);
  return (
    <form
      className="stack"
      onSubmit={async (e) => {
        e.preventDefault();
        setBusy(true);
        setError(null);
        try {
          // A setup link lets the first administrator give their own name (an invite's is the admin's choice).
          const chosen = setup ? { name: ownName.trim() } : {};
          const start = await apiJson<{ options: Options }>(`/api/auth/enrol/${token}/options`, { method: 'POST', body: JSON.stringify(chosen) });
          const response = await startRegistration({ optionsJSON: start.options });
          await apiJson(`/api/auth/enrol/${token}`, { method: 'POST', body: JSON.stringify({ response, label: label || undefined, ...chosen }) });
          router.replace(setup ? '/account?welcome=setup' : '/account?welcome=1');
          router.refresh();
        } catch (err) {
          setError(explain(err));
          setBusy(false);
        }
      }}
    >
      <ProblemAlert problem={error} title={t('enrolFailed')} testId="enrol-error" />
      {setup && (
        <label className="field">
          <span>{t('yourName')}</span>
          <input type="text" id="setup-name" required maxLength={120} value={ownName} onChange={(e) => setOwnName(e.target.value)} autoComplete="name" data-testid="setup-name" />
        </label>
      )}
      <label className="field">
        <span>{t('passkeyName')}</span>
        <input type="text" id="passkey-label" value={label} maxLength={60} placeholder={t('passkeyNamePlaceholder')} onChange={(e) => setLabel(e.target.value)} />
      </label>
      <button type="submit" className="btn btn-primary btn-block" disabled={busy || (setup && !ownName.trim())}>
        {busy ? t('waiting') : t('createFor', { name: setup ? ownName.trim() || name : name })}
      </button>
    </form>
  );
}

'use client';

import { startRegistration } from '@simplewebauthn/browser';
import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { apiJson } from './hash-file';
import { ProblemCode, useExplain, type Problem } from './problem';

type Options = Parameters<typeof startRegistration>[0]['optionsJSON'];

/** Registers another passkey for the signed-in staff member. */
export function AddPasskeyButton() {
  const router = useRouter();
  const t = useTranslations('account');
  const explain = useExplain();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Problem | null>(null);
  return (
    <div className="row">
      {error && (
        <span className="small danger-text" role="alert">
          {error.text} <ProblemCode code={error.code} />
        </span>
      )}
      <button
        type="button"
        className="btn btn-sm btn-primary"
        disabled={busy}
        data-testid="add-passkey"
        onClick={async () => {
          setBusy(true);
          setError(null);
          try {
            const { options } = await apiJson<{ options: Options }>('/api/account/passkeys/options', { method: 'POST' });
            const response = await startRegistration({ optionsJSON: options });
            const label = window.prompt(t('namePrompt'), t('nameDefault')) ?? undefined;
            await apiJson('/api/account/passkeys', { method: 'POST', body: JSON.stringify({ response, label }) });
            router.refresh();
          } catch (e) {
            setError(explain(e));
          } finally {
            setBusy(false);
          }
        }}
      >
        {t('addPasskey')}
      </button>
    </div>
  );
}

/** Removes a passkey after confirmation; the server refuses to remove the last one (LAST_PASSKEY). */
export function RemovePasskeyButton({ id, label, only }: { id: string; label: string; only: boolean }) {
  const router = useRouter();
  const t = useTranslations('account');
  const explain = useExplain();
  const [error, setError] = useState<Problem | null>(null);
  return (
    <>
      {error && (
        <span className="small danger-text" role="alert">
          {error.text} <ProblemCode code={error.code} />{' '}
        </span>
      )}
      <button
        type="button"
        className="btn btn-sm btn-danger-ghost"
        title={only ? t('onlyPasskey') : t('removeNamed', { name: label })}
        disabled={only}
        onClick={async () => {
          if (!window.confirm(t('removeConfirm', { name: label }))) return;
          try {
            await apiJson(`/api/account/passkeys/${encodeURIComponent(id)}`, { method: 'DELETE' });
            router.refresh();
          } catch (e) {
            setError(explain(e));
          }
        }}
      >
        {t('remove')}
      </button>
    </>
  );
}

'use client';

import { startRegistration } from '@simplewebauthn/browser';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { ApiError, apiJson } from './hash-file';

type Options = Parameters<typeof startRegistration>[0]['optionsJSON'];

function message(e: unknown): string {
  if (e instanceof ApiError) return `${e.message} (${e.code})`;
  if (e instanceof Error && e.name === 'NotAllowedError') return 'The passkey prompt was closed or timed out.';
  return e instanceof Error ? e.message : String(e);
}

/** Registers another passkey for the signed-in staff member. */
export function AddPasskeyButton() {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  return (
    <div className="row">
      {error && (
        <span className="small danger-text" role="alert">
          {error}
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
            const label = window.prompt('Name this passkey', 'Backup passkey') ?? undefined;
            await apiJson('/api/account/passkeys', { method: 'POST', body: JSON.stringify({ response, label }) });
            router.refresh();
          } catch (e) {
            setError(message(e));
          } finally {
            setBusy(false);
          }
        }}
      >
        Add a passkey
      </button>
    </div>
  );
}

/** Removes a passkey after confirmation; the server refuses to remove the last one (LAST_PASSKEY). */
export function RemovePasskeyButton({ id, label, only }: { id: string; label: string; only: boolean }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  return (
    <>
      {error && (
        <span className="small danger-text" role="alert">
          {error}{' '}
        </span>
      )}
      <button
        type="button"
        className="btn btn-sm btn-danger-ghost"
        title={only ? 'Your only passkey cannot be removed; add another first' : `Remove ${label}`}
        disabled={only}
        onClick={async () => {
          if (!window.confirm(`Remove the passkey “${label}”? It will no longer sign you in.`)) return;
          try {
            await apiJson(`/api/account/passkeys/${encodeURIComponent(id)}`, { method: 'DELETE' });
            router.refresh();
          } catch (e) {
            setError(message(e));
          }
        }}
      >
        Remove
      </button>
    </>
  );
}

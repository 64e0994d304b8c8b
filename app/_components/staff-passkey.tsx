'use client';

import { startAuthentication, startRegistration } from '@simplewebauthn/browser';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { ApiError, apiJson } from './hash-file';

type Options = Parameters<typeof startRegistration>[0]['optionsJSON'];
type RequestOptions = Parameters<typeof startAuthentication>[0]['optionsJSON'];

function explain(e: unknown): string {
  if (e instanceof ApiError) return `${e.message} (${e.code})`;
  if (e instanceof Error && e.name === 'NotAllowedError') return 'The passkey prompt was closed or timed out. Try again.';
  return e instanceof Error ? e.message : String(e);
}

/** Sign in with a discoverable staff passkey, then go to the staff pages. */
export function SignInForm() {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  return (
    <div className="stack">
      {error && (
        <div className="alert alert-danger" role="alert">
          <strong>Sign-in failed</strong>
          {error}
        </div>
      )}
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
        {busy ? 'Waiting for your passkey…' : 'Sign in with a passkey'}
      </button>
    </div>
  );
}

/** Registers the passkey for a setup or invite link and signs the new staff member in. */
export function EnrolForm({ token, name }: { token: string; name: string }) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [label, setLabel] = useState('');
  return (
    <form
      className="stack"
      onSubmit={async (e) => {
        e.preventDefault();
        setBusy(true);
        setError(null);
        try {
          const start = await apiJson<{ options: Options }>(`/api/auth/enrol/${token}/options`, { method: 'POST' });
          const response = await startRegistration({ optionsJSON: start.options });
          await apiJson(`/api/auth/enrol/${token}`, { method: 'POST', body: JSON.stringify({ response, label: label || undefined }) });
          router.replace('/account?welcome=1');
            router.refresh();
        } catch (err) {
          setError(explain(err));
          setBusy(false);
        }
      }}
    >
      {error && (
        <div className="alert alert-danger" role="alert">
          <strong>Could not create the passkey</strong>
          {error}
        </div>
      )}
      <label className="field">
        <span>Name this passkey (optional)</span>
        <input type="text" id="passkey-label" value={label} maxLength={60} placeholder="e.g. Work laptop" onChange={(e) => setLabel(e.target.value)} />
      </label>
      <button type="submit" className="btn btn-primary btn-block" disabled={busy}>
        {busy ? 'Waiting for your passkey…' : `Create a passkey for ${name}`}
      </button>
    </form>
  );
}

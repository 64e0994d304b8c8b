'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { csrfHeaders } from './csrf';

interface Outcome {
  kind: 'ok' | 'danger';
  title: string;
  detail: string;
}

async function call(url: string, body?: unknown): Promise<{ ok: boolean; data: Record<string, unknown> }> {
  const res = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json', ...csrfHeaders() }, body: JSON.stringify(body ?? {}) });
  const data = (await res.json().catch(() => ({}))) as Record<string, unknown>;
  return { ok: res.ok, data };
}

function errorText(data: Record<string, unknown>): string {
  const e = data.error as { code?: string; message?: string } | undefined;
  return e ? `${e.message ?? ''} (${e.code ?? 'error'})` : 'The server did not answer.';
}

/** Renew, test signature, download the chain, revoke: the administrator's actions on the active certificate. */
export function CertificateActions({ activeId, selfManaged }: { activeId: string | null; selfManaged: boolean }) {
  const router = useRouter();
  const [busy, setBusy] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [revoking, setRevoking] = useState(false);
  const [reason, setReason] = useState('');

  async function run(name: string, fn: () => Promise<Outcome>) {
    setBusy(name);
    setOutcome(null);
    try {
      setOutcome(await fn());
      router.refresh();
    } finally {
      setBusy(null);
    }
  }

  const renew = () =>
    run('renew', async () => {
      const r = await call('/api/certificates/renew', activeId ? { expectedActiveId: activeId } : {});
      return r.ok
        ? { kind: 'ok', title: 'Renewed', detail: `A new key and certificate are active, valid until ${new Date(String(r.data.notAfter)).toUTCString()}. The previous certificate stays for verifying older records.` }
        : { kind: 'danger', title: 'Renewal failed', detail: errorText(r.data) };
    });
  const test = () =>
    run('test', async () => {
      const r = await call('/api/certificates/test-signature');
      if (!r.ok) return { kind: 'danger', title: 'Test signature refused', detail: errorText(r.data) };
      const checks = (r.data.checks as { name: string; ok: boolean }[] | undefined) ?? [];
      return r.data.ok
        ? { kind: 'ok', title: 'Test signature verified', detail: `Signed, timestamped at ${String(r.data.genTime)} and verified: ${checks.length} checks passed.` }
        : { kind: 'danger', title: 'Test signature did not verify', detail: checks.filter((c) => !c.ok).map((c) => c.name).join(', ') };
    });
  const revoke = () =>
    run('revoke', async () => {
      const r = await call(`/api/certificates/${activeId ?? ''}/revoke`, { reason });
      setRevoking(false);
      return r.ok
        ? { kind: 'ok', title: 'Revoked', detail: 'Signing is refused until you renew. Records signed before now stay valid.' }
        : { kind: 'danger', title: 'Revocation failed', detail: errorText(r.data) };
    });

  return (
    <div data-testid="certificate-actions">
      <div className="cert-actions">
        {selfManaged && (
          <button className="btn btn-primary" onClick={renew} disabled={busy !== null} data-testid="renew-local">
            {busy === 'renew' ? 'Renewing…' : 'Renew now'}
          </button>
        )}
        <button className="btn btn-secondary" onClick={test} disabled={busy !== null || !activeId} data-testid="test-signature">
          {busy === 'test' ? 'Signing…' : 'Test signature'}
        </button>
        <a className="btn btn-secondary" href="/api/certificates/chain" download>
          Download chain (PEM)
        </a>
        <button className="btn btn-danger-ghost" onClick={() => setRevoking((v) => !v)} disabled={busy !== null || !activeId}>
          Revoke…
        </button>
      </div>
      {revoking && (
        <form
          className="cert-revoke"
          onSubmit={(e) => {
            e.preventDefault();
            void revoke();
          }}
        >
          <label className="small muted" htmlFor="revoke-reason">
            Reason (kept with the certificate). Signing stops immediately; records signed before now stay valid.
          </label>
          <div className="cert-actions">
            <input id="revoke-reason" type="text" className="input" value={reason} onChange={(e) => setReason(e.target.value)} placeholder="e.g. key compromise" required maxLength={500} />
            <button className="btn btn-danger-ghost" type="submit" disabled={busy !== null || reason.trim() === ''}>
              Revoke certificate
            </button>
          </div>
        </form>
      )}
      {outcome && (
        <div className={`alert alert-${outcome.kind}`} role="status" data-testid="certificate-outcome" style={{ marginTop: 16, marginBottom: 0 }}>
          <strong>{outcome.title}</strong>
          {outcome.detail}
        </div>
      )}
    </div>
  );
}

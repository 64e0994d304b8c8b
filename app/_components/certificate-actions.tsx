'use client';

import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { csrfHeaders } from './csrf';
import { ProblemCode } from './problem';
import { useFormat } from './use-format';

interface Outcome {
  kind: 'ok' | 'danger';
  title: string;
  detail?: string;
  code?: string;
}

async function call(url: string, body?: unknown): Promise<{ ok: boolean; data: Record<string, unknown> }> {
  const res = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json', ...csrfHeaders() }, body: JSON.stringify(body ?? {}) });
  const data = (await res.json().catch(() => ({}))) as Record<string, unknown>;
  return { ok: res.ok, data };
}

function errorCode(data: Record<string, unknown>): string {
  return (data.error as { code?: string } | undefined)?.code ?? 'INTERNAL';
}

/** Renew, test signature, download the chain, revoke: the administrator's actions on the active certificate. */
export function CertificateActions({ activeId, selfManaged, state }: { activeId: string | null; selfManaged: boolean; state: string | null }) {
  const router = useRouter();
  const t = useTranslations('certs');
  const te = useTranslations('errors');
  const f = useFormat();
  // Renewal is the primary action only when it is due: inside the reminder window or unusable.
  const due = state !== null && state !== 'valid';
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
    window.confirm(t('renewConfirm')) &&
    run('renew', async () => {
      const r = await call('/api/certificates/renew', activeId ? { expectedActiveId: activeId } : {});
      return r.ok
        ? { kind: 'ok', title: t('renewed'), detail: t('renewedText', { when: f.dateTime(String(r.data.notAfter), { withZone: true }) }) }
        : { kind: 'danger', title: t('renewFailed'), code: errorCode(r.data) };
    });
  const test = () =>
    run('test', async () => {
      const r = await call('/api/certificates/test-signature');
      if (!r.ok) return { kind: 'danger', title: t('testRefused'), code: errorCode(r.data) };
      const checks = (r.data.checks as { name: string; ok: boolean }[] | undefined) ?? [];
      return r.data.ok
        ? { kind: 'ok', title: t('testOk'), detail: t('testOkText', { when: f.dateTime(String(r.data.genTime), { withZone: true, seconds: true }), n: checks.length }) }
        : { kind: 'danger', title: t('testBad'), detail: checks.filter((c) => !c.ok).map((c) => c.name).join(', ') };
    });
  const revoke = () =>
    run('revoke', async () => {
      const r = await call(`/api/certificates/${activeId ?? ''}/revoke`, { reason });
      setRevoking(false);
      return r.ok
        ? { kind: 'ok', title: t('revoked'), detail: t('revokedText') }
        : { kind: 'danger', title: t('revokeFailed'), code: errorCode(r.data) };
    });

  return (
    <div data-testid="certificate-actions">
      <div className="cert-actions">
        {selfManaged && (
          <button className={due ? 'btn btn-primary' : 'btn btn-secondary'} onClick={() => void renew()} disabled={busy !== null} data-testid="renew-local">
            {busy === 'renew' ? t('renewing') : t('renew')}
          </button>
        )}
        <button className="btn btn-secondary" onClick={test} disabled={busy !== null || !activeId} data-testid="test-signature">
          {busy === 'test' ? t('testing') : t('test')}
        </button>
        <a className="btn btn-secondary" href="/api/certificates/chain" download>
          {t('downloadChain')}
        </a>
        <button className="btn btn-danger-ghost" onClick={() => setRevoking((v) => !v)} disabled={busy !== null || !activeId}>
          {t('revokeOpen')}
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
            {t('revokeReason')}
          </label>
          <div className="cert-actions">
            <input id="revoke-reason" type="text" className="input" value={reason} onChange={(e) => setReason(e.target.value)} placeholder={t('revokeReasonPlaceholder')} required maxLength={500} />
            <button className="btn btn-danger-ghost" type="submit" disabled={busy !== null || reason.trim() === ''}>
              {t('revokeSubmit')}
            </button>
          </div>
        </form>
      )}
      {outcome && (
        <div className={`alert alert-${outcome.kind}`} role="status" data-testid="certificate-outcome" style={{ marginTop: 16, marginBottom: 0 }}>
          <strong>{outcome.title}</strong>
          {outcome.code ? (te.has(outcome.code) ? te(outcome.code) : te('unknown')) : outcome.detail}
          <ProblemCode code={outcome.code ?? null} />
        </div>
      )}
    </div>
  );
}

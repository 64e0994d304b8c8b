'use client';

import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import type { SigningRequestView } from '@/lib/signing/request-view';
import { apiJson } from './hash-file';
import { ProblemAlert, useExplain, type Problem } from './problem';
import { tokensFragment } from './signer-list-fields';

const DAY = 24 * 3_600_000;

/** Staff verbs on the request: cancel or extend a live one, send an ended one again. */
export function RequestActions({ view, onChange }: { view: SigningRequestView; onChange: (next: SigningRequestView) => void }) {
  const t = useTranslations('multi');
  const router = useRouter();
  const explain = useExplain();
  const [mode, setMode] = useState<'idle' | 'cancel' | 'extend'>('idle');
  const [reason, setReason] = useState('');
  const [days, setDays] = useState(7);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const live = view.status === 'pending' || view.status === 'opened';
  const ended = view.status === 'declined' || view.status === 'expired' || view.status === 'cancelled';
  if (!live && !ended) return null;

  async function act(fn: () => Promise<void>) {
    setBusy(true);
    setProblem(null);
    try {
      await fn();
      setMode('idle');
    } catch (e) {
      setProblem(explain(e));
    } finally {
      setBusy(false);
    }
  }
  const cancel = () =>
    act(async () => onChange(await apiJson<SigningRequestView>(`/api/requests/${view.id}/cancel`, { method: 'POST', body: JSON.stringify({ reason }) })));
  const extend = () =>
    act(async () =>
      onChange(await apiJson<SigningRequestView>(`/api/requests/${view.id}/extend`, { method: 'POST', body: JSON.stringify({ expiresAt: new Date(Date.now() + days * DAY).toISOString() }) })),
    );
  const again = () =>
    act(async () => {
      const made = await apiJson<{ request: { id: string }; signers: { id: string; token: string }[] }>(`/api/requests/${view.id}/re-request`, { method: 'POST', body: '{}' });
      router.push(`/requests/${made.request.id}#${tokensFragment(made.signers)}`);
    });

  return (
    <section className="card" data-testid="request-actions">
      <h2>{t('manage')}</h2>
      {view.status === 'cancelled' && view.cancelReason && (
        <p className="small muted" data-testid="cancel-reason">
          {t('cancelledBecause', { reason: view.cancelReason })}
        </p>
      )}
      {mode === 'cancel' && (
        <div>
          <label className="field">
            <span>{t('cancelReason')}</span>
            <textarea rows={2} maxLength={1000} value={reason} onChange={(e) => setReason(e.target.value)} data-testid="cancel-reason-input" />
          </label>
          <div className="row">
            <button type="button" className="btn btn-secondary btn-sm" onClick={() => setMode('idle')} disabled={busy}>
              {t('back')}
            </button>
            <button type="button" className="btn btn-danger-ghost btn-sm" onClick={cancel} disabled={busy || !reason.trim()} data-testid="cancel-confirm">
              {t('cancelConfirm')}
            </button>
          </div>
        </div>
      )}
      {mode === 'extend' && (
        <div>
          <label className="field">
            <span>{t('extendBy')}</span>
            <select value={days} onChange={(e) => setDays(Number(e.target.value))} data-testid="extend-days">
              {[1, 3, 7, 14, 30].map((d) => (
                <option key={d} value={d}>
                  {t('daysFromNow', { n: d })}
                </option>
              ))}
            </select>
          </label>
          <div className="row">
            <button type="button" className="btn btn-secondary btn-sm" onClick={() => setMode('idle')} disabled={busy}>
              {t('back')}
            </button>
            <button type="button" className="btn btn-primary btn-sm" onClick={extend} disabled={busy} data-testid="extend-confirm">
              {t('extendConfirm')}
            </button>
          </div>
        </div>
      )}
      {mode === 'idle' && (
        <div className="row">
          {live && (
            <>
              <button type="button" className="btn btn-secondary btn-sm" onClick={() => setMode('extend')} data-testid="extend-open">
                {t('extend')}
              </button>
              <button type="button" className="btn btn-danger-ghost btn-sm" onClick={() => setMode('cancel')} data-testid="cancel-open">
                {t('cancel')}
              </button>
            </>
          )}
          {ended && (
            <button type="button" className="btn btn-primary btn-sm" onClick={again} disabled={busy} data-testid="re-request">
              {t('reRequest')}
            </button>
          )}
        </div>
      )}
      <ProblemAlert problem={problem} style={{ marginTop: 12 }} />
    </section>
  );
}

'use client';

import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import type { SigningRequestView } from '@/lib/signing/request-view';
import { apiJson } from './hash-file';
import { CancelForm, DAY, ExtendForm, useLifecycleActions } from './lifecycle-forms';
import { ProblemAlert } from './problem';
import { tokensFragment } from './signer-list-fields';

/** Staff verbs on the request: cancel or extend a live one, send an ended one again. */
export function RequestActions({ view, onChange }: { view: SigningRequestView; onChange: (next: SigningRequestView) => void }) {
  const t = useTranslations('multi');
  const router = useRouter();
  const actions = useLifecycleActions();
  const { mode, setMode, reason, days, busy, problem, act } = actions;
  const live = view.status === 'pending' || view.status === 'opened';
  const ended = view.status === 'declined' || view.status === 'expired' || view.status === 'cancelled';
  if (!live && !ended) return null;

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
        <CancelForm actions={actions} label={t('cancelReason')} confirm={t('cancelConfirm')} onConfirm={cancel} testIds={{ reason: 'cancel-reason-input', confirm: 'cancel-confirm' }} />
      )}
      {mode === 'extend' && <ExtendForm actions={actions} label={t('extendBy')} onConfirm={extend} testIds={{ days: 'extend-days', confirm: 'extend-confirm' }} />}
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

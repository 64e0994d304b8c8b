'use client';

import { useTranslations } from 'next-intl';
import type { BatchView } from '@/lib/batches/batch-view';
import { csrfHeaders } from './csrf';
import { ApiError, apiJson } from './hash-file';
import { CancelForm, DAY, ExtendForm, useLifecycleActions } from './lifecycle-forms';
import { ProblemAlert } from './problem';

/** The batch's downloads and staff verbs: the QR sheet, the evidence ZIP, extend, cancel. */
export function BatchActions({ view, canManage, onChange }: { view: BatchView; canManage: boolean; onChange: (v: BatchView) => void }) {
  const t = useTranslations('batches');
  const actions = useLifecycleActions();
  const { mode, setMode, reason, days, busy, problem, act } = actions;

  // POST (it issues new links), so not a plain link: fetch the PDF and hand it to the browser as a download.
  const sheet = () =>
    act(async () => {
      const res = await fetch(`/api/batches/${view.id}/sheet`, { method: 'POST', headers: csrfHeaders() });
      if (!res.ok) {
        const body = (await res.json().catch(() => null)) as { error?: { code: string; message: string } } | null;
        throw new ApiError(body?.error?.code ?? `HTTP_${res.status}`, body?.error?.message ?? res.statusText, res.status);
      }
      const url = URL.createObjectURL(await res.blob());
      const a = document.createElement('a');
      a.href = url;
      a.download = /filename="([^"]+)"/.exec(res.headers.get('Content-Disposition') ?? '')?.[1] ?? 'batch-sheet.pdf';
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    });
  const cancel = () => act(async () => onChange(await apiJson<BatchView>(`/api/batches/${view.id}/cancel`, { method: 'POST', body: JSON.stringify({ reason }) })));
  const extend = () =>
    act(async () => onChange(await apiJson<BatchView>(`/api/batches/${view.id}/extend`, { method: 'POST', body: JSON.stringify({ expiresAt: new Date(Date.now() + days * DAY).toISOString() }) })));

  const open = view.status === 'open';
  return (
    <section className="card" data-testid="batch-actions">
      <div className="row" style={{ flexWrap: 'wrap' }}>
        {canManage && (
          <button type="button" className="btn btn-primary btn-sm" onClick={sheet} disabled={busy} data-testid="batch-sheet">
            {busy && mode === 'idle' ? t('sheetMaking') : t('sheet')}
          </button>
        )}
        {view.counts.signed > 0 ? (
          <a className="btn btn-secondary btn-sm" href={`/api/batches/${view.id}/evidence.zip`} download data-testid="batch-zip">
            {t('zip')}
          </a>
        ) : (
          <span className="small muted" data-testid="batch-zip-none">
            {t('zipNone')}
          </span>
        )}
        {canManage && open && mode === 'idle' && (
          <>
            <button type="button" className="btn btn-secondary btn-sm" onClick={() => setMode('extend')} data-testid="batch-extend-open">
              {t('extend')}
            </button>
            <button type="button" className="btn btn-danger-ghost btn-sm" onClick={() => setMode('cancel')} data-testid="batch-cancel-open">
              {t('cancel')}
            </button>
          </>
        )}
      </div>
      {canManage && open && <p className="small muted" style={{ marginTop: 8 }}>{t('sheetHint')}</p>}
      {mode === 'cancel' && (
        <CancelForm actions={actions} label={t('cancelReason')} confirm={t('cancelConfirm')} onConfirm={cancel} testIds={{ reason: 'batch-cancel-reason', confirm: 'batch-cancel-confirm' }} />
      )}
      {mode === 'extend' && <ExtendForm actions={actions} label={t('extendBy')} onConfirm={extend} testIds={{ days: 'batch-extend-days', confirm: 'batch-extend-confirm' }} />}
      <ProblemAlert problem={problem} style={{ marginTop: 12 }} />
    </section>
  );
}


'use client';

import { useTranslations } from 'next-intl';
import { useState } from 'react';
import type { BatchView } from '@/lib/batches/batch-view';
import { csrfHeaders } from './csrf';
import { ApiError, apiJson } from './hash-file';
import { ProblemAlert, useExplain, type Problem } from './problem';

const DAY = 86_400_000;

/** The batch's downloads and staff verbs: the QR sheet, the evidence ZIP, extend, cancel. */
export function BatchActions({ view, canManage, onChange }: { view: BatchView; canManage: boolean; onChange: (v: BatchView) => void }) {
  const t = useTranslations('batches');
  const tm = useTranslations('multi');
  const explain = useExplain();
  const [mode, setMode] = useState<'idle' | 'cancel' | 'extend'>('idle');
  const [reason, setReason] = useState('');
  const [days, setDays] = useState(7);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);

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
        <div style={{ marginTop: 12 }}>
          <label className="field">
            <span>{t('cancelReason')}</span>
            <textarea rows={2} maxLength={1000} value={reason} onChange={(e) => setReason(e.target.value)} data-testid="batch-cancel-reason" />
          </label>
          <div className="row">
            <button type="button" className="btn btn-secondary btn-sm" onClick={() => setMode('idle')} disabled={busy}>
              {tm('back')}
            </button>
            <button type="button" className="btn btn-danger-ghost btn-sm" onClick={cancel} disabled={busy || !reason.trim()} data-testid="batch-cancel-confirm">
              {t('cancelConfirm')}
            </button>
          </div>
        </div>
      )}
      {mode === 'extend' && (
        <div style={{ marginTop: 12 }}>
          <label className="field">
            <span>{t('extendBy')}</span>
            <select value={days} onChange={(e) => setDays(Number(e.target.value))} data-testid="batch-extend-days">
              {[1, 3, 7, 14, 30].map((d) => (
                <option key={d} value={d}>
                  {tm('daysFromNow', { n: d })}
                </option>
              ))}
            </select>
          </label>
          <div className="row">
            <button type="button" className="btn btn-secondary btn-sm" onClick={() => setMode('idle')} disabled={busy}>
              {tm('back')}
            </button>
            <button type="button" className="btn btn-primary btn-sm" onClick={extend} disabled={busy} data-testid="batch-extend-confirm">
              {tm('extendConfirm')}
            </button>
          </div>
        </div>
      )}
      <ProblemAlert problem={problem} style={{ marginTop: 12 }} />
    </section>
  );
}


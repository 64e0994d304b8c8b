'use client';

import { useTranslations } from 'next-intl';
import { useEffect, useRef, useState } from 'react';
import type { BatchQueue } from '@/lib/batches/get-batch-queue';
import { documentTypeName } from './document-type';
import { apiJson, hashInWorker } from './hash-file';
import { fingerprintGroups } from './format';
import { ProblemAlert, ProblemCode, useExplain, type Problem } from './problem';
import { ProgressBar } from './progress-bar';
import { approveWithPasskey, downloadQueueDocument, type ApprovalStep } from './queue-client';
import { useFormat } from './use-format';

type Check = { phase: 'waiting' | 'checking' } | { phase: 'ok'; sha256: string; url: string } | { phase: 'mismatch'; sha256: string } | { phase: 'failed'; problem: Problem };
type Done = 'signed' | 'declined';

/**
 * The signer's batch queue on the phone: every document downloaded and re-hashed here against the
 * hash the server promised; a mismatch blocks that document only. Documents are signed one by one
 * or all checked ones with one passkey approval (lib/batches/complete-batch-signing.ts).
 */
export function BatchQueueView({ token, queue }: { token: string; queue: BatchQueue }) {
  const t = useTranslations('queue');
  const tc = useTranslations('ceremony');
  const tt = useTranslations('documentTypes');
  const f = useFormat();
  const explain = useExplain();
  const docs = queue.documents;
  const [checks, setChecks] = useState<Record<string, Check>>(() => Object.fromEntries(docs.map((d) => [d.requestId, { phase: 'waiting' } as Check])));
  const [done, setDone] = useState<Record<string, Done>>({});
  const [step, setStep] = useState<ApprovalStep>('idle');
  const [failure, setFailure] = useState<Problem | null>(null);
  const [declining, setDeclining] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const started = useRef(false);

  useEffect(() => {
    if (started.current) return;
    started.current = true;
    void (async () => {
      for (const d of docs) {
        setChecks((c) => ({ ...c, [d.requestId]: { phase: 'checking' } }));
        let next: Check;
        try {
          const blob = await downloadQueueDocument(token, d.requestId);
          const sha256 = await hashInWorker(blob, () => undefined);
          next = sha256 === d.documentSha256 ? { phase: 'ok', sha256, url: URL.createObjectURL(blob) } : { phase: 'mismatch', sha256 };
        } catch (e) {
          next = { phase: 'failed', problem: explain(e) };
        }
        setChecks((c) => ({ ...c, [d.requestId]: next }));
      }
    })();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [token]);

  const finished = docs.filter((d) => checks[d.requestId]?.phase !== 'waiting' && checks[d.requestId]?.phase !== 'checking').length;
  const open = docs.filter((d) => !done[d.requestId]);
  const ready = open.filter((d) => checks[d.requestId]?.phase === 'ok');
  const busy = step !== 'idle' || declining === '…';

  async function approve(ids: string[]) {
    setFailure(null);
    const checked = new Map(ids.map((id) => [id, (checks[id] as { sha256: string }).sha256]));
    try {
      const result = await approveWithPasskey(token, checked, setStep, tc('wrongDocument'));
      setDone((d) => ({ ...d, ...Object.fromEntries(result.records.map((r) => [r.requestId, 'signed' as Done])) }));
    } catch (e) {
      setFailure(explain(e));
    } finally {
      setStep('idle');
    }
  }

  async function decline(id: string) {
    setFailure(null);
    try {
      await apiJson(`/api/queues/${token}/documents/${id}/decline`, { method: 'POST', body: JSON.stringify({ reason: reason.trim() || null }) });
      setDone((d) => ({ ...d, [id]: 'declined' }));
      setDeclining(null);
      setReason('');
    } catch (e) {
      setFailure(explain(e));
    }
  }

  const signedNow = Object.values(done).filter((v) => v === 'signed').length;
  const declinedNow = Object.values(done).filter((v) => v === 'declined').length;
  return (
    <div className="stack" style={{ marginTop: 8 }}>
      <section className="card card-tight">
        <div className="muted small">{t('from', { name: queue.batch.createdBy })}</div>
        <h1 className="doc-title" data-testid="queue-title">
          {queue.batch.name}
        </h1>
        <dl className="kv" style={{ marginTop: 12 }}>
          <dt>{tc('signer')}</dt>
          <dd>{queue.signer.name}</dd>
          <dt>{tc('expires')}</dt>
          <dd>{f.dateTime(queue.batch.expiresAt)}</dd>
        </dl>
        <div style={{ marginTop: 12 }} data-testid="queue-progress" data-finished={finished} data-total={docs.length}>
          <ProgressBar value={finished} total={docs.length} label={t('checked', { done: finished, total: docs.length })} done={finished === docs.length} />
        </div>
        {(queue.counts.signed + signedNow > 0 || queue.counts.declined + declinedNow > 0 || queue.counts.notYet > 0) && (
          <p className="small muted" style={{ margin: '8px 0 0' }} data-testid="queue-counts">
            {t('counts', { signed: queue.counts.signed + signedNow, declined: queue.counts.declined + declinedNow, notYet: queue.counts.notYet })}
          </p>
        )}
      </section>

      <ProblemAlert problem={failure} testId="queue-error" />

      {open.length > 0 && (
        <section className="card card-tight queue-approve">
          <button type="button" className="btn btn-primary btn-block" disabled={ready.length === 0 || busy} onClick={() => approve(ready.map((d) => d.requestId))} data-testid="sign-all">
            {step === 'registering' ? tc('registering') : step === 'signing' ? tc('confirming') : t('signAll', { count: ready.length })}
          </button>
          <p className="small muted center" style={{ margin: '10px 0 0' }}>
            {t('signAllHint')}
          </p>
        </section>
      )}
      {docs.length > 0 && open.length === 0 && (
        <section className="card center" data-testid="queue-done">
          <div className="success-mark">✓</div>
          <h2>{t('doneTitle')}</h2>
          <p className="muted">{t('doneText', { signed: signedNow, declined: declinedNow })}</p>
        </section>
      )}
      {docs.length === 0 && (
        <section className="card center" data-testid="queue-empty">
          <h2>{t('emptyTitle')}</h2>
          <p className="muted">{queue.counts.notYet > 0 ? t('emptyNotYet', { count: queue.counts.notYet }) : t('emptyText')}</p>
        </section>
      )}

      <ol className="queue-list" aria-label={t('listLabel')}>
        {docs.map((d, i) => {
          const c = checks[d.requestId] ?? { phase: 'waiting' };
          const state = done[d.requestId];
          return (
            <li key={d.requestId} className={`card card-tight queue-item${c.phase === 'mismatch' ? ' queue-item-bad' : ''}`} data-testid="queue-item" data-request-id={d.requestId} data-check={c.phase} data-done={state ?? ''}>
              <div className="spread">
                <span className={`badge prio-${d.priority}`}>{t(`priority.${d.priority}`)}</span>
                <span className="small muted">{t('position', { n: i + 1, total: docs.length })}</span>
              </div>
              <h2 className="queue-item-title" data-testid="queue-item-title">
                {d.title}
              </h2>
              <div className="small muted">
                {documentTypeName(tt, d.documentType, d.documentType)} · {f.bytes(d.size)}
              </div>
              <div className="fingerprint small" style={{ marginTop: 6 }}>
                {fingerprintGroups(d.documentSha256).slice(0, 23)}…
              </div>
              {state === 'signed' && <p className="badge badge-signed" data-testid="item-signed">{t('signed')}</p>}
              {state === 'declined' && <p className="badge badge-declined" data-testid="item-declined">{t('declined')}</p>}
              {!state && c.phase === 'waiting' && <p className="small muted">{t('waiting')}</p>}
              {!state && c.phase === 'checking' && <p className="small muted">{t('checking')}</p>}
              {!state && c.phase === 'ok' && (
                <p className="check small" style={{ margin: '8px 0' }}>
                  <span className="check-icon ok" aria-hidden>
                    ✓
                  </span>
                  {t('ok')}
                </p>
              )}
              {!state && c.phase === 'mismatch' && (
                <div className="alert alert-danger" role="alert" data-testid="item-mismatch" style={{ margin: '8px 0 0' }}>
                  <strong>{t('mismatchTitle')}</strong>
                  {t('mismatchText')}
                </div>
              )}
              {!state && c.phase === 'failed' && (
                <div className="alert alert-danger" role="alert" style={{ margin: '8px 0 0' }}>
                  <strong>{tc('checkFailed')}</strong>
                  {c.problem.text}
                  <ProblemCode code={c.problem.code} />
                </div>
              )}
              {!state && c.phase === 'ok' && declining !== d.requestId && (
                <div className="row" style={{ marginTop: 8 }}>
                  <a className="btn btn-secondary btn-sm" href={c.url} target="_blank" rel="noreferrer" data-testid="item-open">
                    {t('open')}
                  </a>
                  <button type="button" className="btn btn-primary btn-sm" disabled={busy} onClick={() => approve([d.requestId])} data-testid="item-sign">
                    {t('signOne')}
                  </button>
                  <button type="button" className="btn btn-danger-ghost btn-sm" disabled={busy} onClick={() => setDeclining(d.requestId)} data-testid="item-decline">
                    {tc('decline')}
                  </button>
                </div>
              )}
              {!state && c.phase !== 'ok' && c.phase !== 'waiting' && c.phase !== 'checking' && declining !== d.requestId && (
                <button type="button" className="btn btn-danger-ghost btn-sm" style={{ marginTop: 8 }} disabled={busy} onClick={() => setDeclining(d.requestId)} data-testid="item-decline">
                  {tc('decline')}
                </button>
              )}
              {!state && declining === d.requestId && (
                <div style={{ marginTop: 8 }}>
                  <label className="field">
                    <span>
                      {tc('reason')} <small>{tc('reasonHint')}</small>
                    </span>
                    <textarea rows={2} maxLength={1000} value={reason} onChange={(e) => setReason(e.target.value)} data-testid="decline-reason" />
                  </label>
                  <div className="row">
                    <button type="button" className="btn btn-secondary btn-sm" onClick={() => setDeclining(null)}>
                      {tc('cancel')}
                    </button>
                    <button type="button" className="btn btn-danger-ghost btn-sm" onClick={() => decline(d.requestId)} data-testid="decline-confirm">
                      {tc('declineConfirm')}
                    </button>
                  </div>
                </div>
              )}
            </li>
          );
        })}
      </ol>

      <p className="footer-note">{tc('footer')}</p>
    </div>
  );
}

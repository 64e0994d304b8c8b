'use client';

import Link from 'next/link';
import QRCode from 'qrcode';
import { useTranslations } from 'next-intl';
import { useEffect, useState } from 'react';
import type { BatchDocumentView, BatchView } from '@/lib/batches/batch-view';
import { BatchActions } from './batch-actions';
import { BatchStatusBadge } from './batch-status';
import { documentTypeName } from './document-type';
import { apiJson } from './hash-file';
import { ProblemAlert, useExplain, type Problem } from './problem';
import { StatusBadge } from './status-badge';
import { useFormat } from './use-format';

/**
 * The batch page: every document in signing order with its status, pushed by the server over
 * Server-Sent Events (GET /api/batches/{id}/events) as the signers answer, and the counts.
 */
export function BatchLive({ initial, canManage }: { initial: BatchView; canManage: boolean }) {
  const t = useTranslations('batches');
  const f = useFormat();
  const [view, setView] = useState(initial);
  const [live, setLive] = useState(false);

  useEffect(() => {
    if (initial.status !== 'open') return;
    const es = new EventSource(`/api/batches/${initial.id}/events`);
    es.onopen = () => setLive(true);
    es.onerror = () => setLive(false);
    es.addEventListener('batch', (e) => {
      const next = JSON.parse((e as MessageEvent<string>).data) as BatchView;
      setView(next);
      if (next.status !== 'open') {
        es.close();
        setLive(false);
      }
    });
    return () => es.close();
  }, [initial.id, initial.status]);

  const c = view.counts;
  return (
    <>
      <div className="page-header">
        <div>
          <h1 data-testid="batch-title">{view.name}</h1>
          <p className="subtitle">
            {t('createdBy', { name: view.createdBy, when: f.dateTime(view.createdAt) })} · {t('expires', { when: f.dateTime(view.expiresAt) })}
          </p>
        </div>
        <div className="row">
          <BatchStatusBadge status={view.status} />
          {view.status === 'open' && (
            <span className={`small ${live ? '' : 'muted'}`} data-testid="batch-live" data-live={live}>
              {live ? `● ${t('live')}` : t('offline')}
            </span>
          )}
        </div>
      </div>
      <dl className="batch-counts" data-testid="batch-counts">
        {(['total', 'signed', 'declined', 'waiting'] as const).map((k) => (
          <div key={k} className="card batch-count" data-testid={`count-${k}`} data-value={c[k]}>
            <dt className="small muted">{t(`counts.${k}`)}</dt>
            <dd>{c[k]}</dd>
          </div>
        ))}
      </dl>
      {view.status === 'cancelled' && view.cancelledAt && (
        <p className="small muted" data-testid="batch-cancelled">
          {t('cancelled', { when: f.dateTime(view.cancelledAt), reason: view.cancelReason ?? '' })}
        </p>
      )}
      {view.status === 'complete' && <p className="small muted">{t('completeNote')}</p>}
      <BatchActions view={view} canManage={canManage} onChange={setView} />
      <div className="card table-wrap" style={{ marginTop: 16 }}>
        <table className="list" data-testid="batch-documents">
          <thead>
            <tr>
              <th>{t('position')}</th>
              <th>{t('docTitle')}</th>
              <th>{t('priority')}</th>
              <th>{t('status')}</th>
              <th className="hide-sm">{t('signer')}</th>
            </tr>
          </thead>
          <tbody>
            {view.documents.map((d, i) => (
              <DocumentRow key={d.request.id} n={i + 1} d={d} canManage={canManage} />
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

function DocumentRow({ n, d, canManage }: { n: number; d: BatchDocumentView; canManage: boolean }) {
  const t = useTranslations('batches');
  const tp = useTranslations('priorities');
  const tt = useTranslations('documentTypes');
  const explain = useExplain();
  const [svg, setSvg] = useState<string | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const r = d.request;
  const waiting = r.status === 'pending' || r.status === 'opened';

  // A new link for the signer whose turn it is (the stored token hash cannot be shown again).
  async function showQr() {
    setProblem(null);
    try {
      const res = await apiJson<{ signUrl: string }>(`/api/requests/${r.id}/link`, { method: 'POST', body: '{}' });
      setSvg(await QRCode.toString(res.signUrl, { type: 'svg', errorCorrectionLevel: 'M', margin: 4, color: { dark: '#101828', light: '#ffffff' } }));
    } catch (e) {
      setProblem(explain(e));
    }
  }

  return (
    <tr data-testid="batch-document" data-request={r.id} data-status={r.status} data-priority={d.priority}>
      <td className="small">{n}</td>
      <td>
        <Link href={`/requests/${r.id}`} style={{ fontWeight: 600 }}>
          {r.title}
        </Link>
        <div className="small muted">
          {documentTypeName(tt, r.documentType)} · {r.document.name}
        </div>
        {canManage && waiting && (
          <button type="button" className="btn btn-sm btn-secondary" style={{ marginTop: 6 }} onClick={() => (svg ? setSvg(null) : void showQr())} data-testid="document-qr-toggle">
            {svg ? t('hideQr') : t('showQr')}
          </button>
        )}
        {svg && waiting && <div className="qr-box batch-qr" role="img" aria-label={t('qrFor', { title: r.title })} data-testid="document-qr" dangerouslySetInnerHTML={{ __html: svg }} />}
        <ProblemAlert problem={problem} style={{ marginTop: 6 }} />
      </td>
      <td>
        <span className={`badge badge-priority-${d.priority}`}>{tp(d.priority)}</span>
      </td>
      <td>
        <StatusBadge status={r.status} />
      </td>
      <td className="small hide-sm">{r.signers.map((s) => s.displayName).join(', ')}</td>
    </tr>
  );
}

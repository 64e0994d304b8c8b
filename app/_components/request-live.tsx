'use client';

import QRCode from 'qrcode';
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import type { SigningRequestView } from '@/lib/signing/request-view';
import { buildSignUrl } from '@/lib/signing/sign-url';
import { ApiError, apiJson } from './hash-file';
import { LedgerInclusion } from './ledger-inclusion';
import { fingerprintGroups, formatBytes, formatDateTime, formatRelative } from './format';
import { StatusBadge } from './status-badge';

function useTokenFromHash(): [string | null, (t: string) => void] {
  const [token, setToken] = useState<string | null>(null);
  useEffect(() => {
    const read = () => setToken(new URLSearchParams(window.location.hash.slice(1)).get('t'));
    read();
    window.addEventListener('hashchange', read);
    return () => window.removeEventListener('hashchange', read);
  }, []);
  const set = (t: string) => {
    history.replaceState(null, '', `#t=${t}`);
    setToken(t);
  };
  return [token, set];
}

function Timeline({ view }: { view: SigningRequestView }) {
  const final =
    view.status === 'signed'
      ? { cls: 'done', icon: '✓', label: `Signed by ${view.signer.displayName}`, when: view.signedAt }
      : view.status === 'declined'
        ? { cls: 'bad', icon: '✕', label: 'Declined', when: view.declinedAt }
        : view.status === 'expired'
          ? { cls: 'warn', icon: '!', label: 'Expired', when: view.expiresAt }
          : { cls: view.status === 'opened' ? 'current' : '', icon: '3', label: 'Signed with passkey', when: null };
  return (
    <ol className="timeline" data-testid="timeline">
      <li className="done">
        <span className="dot">✓</span>
        <div>
          <div className="label">Request created</div>
          <div className="when">{formatDateTime(view.createdAt)}</div>
        </div>
      </li>
      <li className={view.openedAt ? 'done' : view.status === 'pending' ? 'current' : ''}>
        <span className="dot">{view.openedAt ? '✓' : '2'}</span>
        <div>
          <div className="label">Opened on the signer&apos;s phone</div>
          <div className="when">{view.openedAt ? formatDateTime(view.openedAt) : view.status === 'pending' ? 'Waiting for the QR code to be scanned…' : '—'}</div>
        </div>
      </li>
      <li className={final.cls}>
        <span className="dot">{final.icon}</span>
        <div>
          <div className="label">{final.label}</div>
          <div className="when">{final.when ? formatDateTime(final.when) : view.status === 'opened' ? 'Waiting for the signer…' : '—'}</div>
          {view.status === 'declined' && view.declineReason && <div className="small">“{view.declineReason}”</div>}
        </div>
      </li>
    </ol>
  );
}

export function RequestLive({ initial, origin, documentTypes, aside }: { initial: SigningRequestView; origin: string; documentTypes: { id: string; label: string }[]; aside?: ReactNode }) {
  const [view, setView] = useState(initial);
  const [live, setLive] = useState(false);
  const [token, setToken] = useTokenFromHash();
  const [svg, setSvg] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);
  const [linkError, setLinkError] = useState<string | null>(null);
  const [now, setNow] = useState(() => Date.now());
  const active = view.status === 'pending' || view.status === 'opened';

  const signUrl = useMemo(
    () =>
      token
        ? buildSignUrl(origin, token, { documentSha256: view.document.sha256, size: view.document.size, expiresAt: new Date(view.expiresAt), title: view.title })
        : null,
    [token, origin, view.document.sha256, view.document.size, view.expiresAt, view.title],
  );

  useEffect(() => {
    if (!signUrl) return;
    QRCode.toString(signUrl, { type: 'svg', errorCorrectionLevel: 'M', margin: 4, color: { dark: '#101828', light: '#ffffff' } }).then(setSvg, () => setSvg(null));
  }, [signUrl]);

  useEffect(() => {
    if (!active) return;
    // Server-Sent Events: the server pushes every change (NOTIFY from any instance); no polling.
    const es = new EventSource(`/api/requests/${initial.id}/events`);
    es.onopen = () => setLive(true);
    es.onerror = () => setLive(false);
    es.addEventListener('request', (e) => {
      const next = JSON.parse((e as MessageEvent<string>).data) as SigningRequestView;
      setView(next);
      if (next.status === 'signed' || next.status === 'declined' || next.status === 'expired') {
        es.close();
        setLive(false);
      }
    });
    return () => es.close();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [initial.id]);

  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(t);
  }, []);

  async function newLink() {
    setLinkError(null);
    try {
      const res = await apiJson<{ token: string }>(`/api/requests/${view.id}/link`, { method: 'POST' });
      setToken(res.token);
    } catch (e) {
      setLinkError(e instanceof ApiError ? `${e.message} (${e.code})` : (e as Error).message);
    }
  }

  return (
    <>
      <div className="page-header">
        <div>
          <div className="row" style={{ marginBottom: 6 }}>
            <StatusBadge status={view.status} large />
            {active && <span className={`live${live ? ' on' : ''}`}>{live ? 'Live' : 'Connecting…'}</span>}
          </div>
          <h1 data-testid="request-title">{view.title}</h1>
          <p className="subtitle">
            For {view.signer.displayName}
            {view.signer.email ? ` <${view.signer.email}>` : ''} · {active
              ? `expires ${formatRelative(view.expiresAt, now)}`
              : view.status === 'expired'
                ? `expired ${formatDateTime(view.expiresAt)}`
                : `requested ${formatDateTime(view.createdAt)}`}
          </p>
        </div>
      </div>

      <div className="grid-request">
        <section className="card">
          {view.status === 'signed' ? (
            <div className="center" data-testid="signed-panel">
              <div className="success-mark">✓</div>
              <h2>Signed</h2>
              <p className="muted">
                {view.signer.displayName} signed with a passkey on {formatDateTime(view.signedAt)}.
              </p>
              {view.recordId && (
                <a className="btn btn-primary btn-block" href={`/api/records/${view.recordId}/evidence`} download data-testid="download-evidence">
                  Download evidence bundle
                </a>
              )}
              {view.ledgerIndex != null && <LedgerInclusion index={view.ledgerIndex} />}
              <p className="small muted" style={{ marginTop: 12 }}>
                Verify it anywhere with <code>npm run verify -- evidence.json document</code>.
              </p>
            </div>
          ) : !active ? (
            <div className="center">
              <div className="success-mark fail-mark">{view.status === 'declined' ? '✕' : '!'}</div>
              <h2>{view.status === 'declined' ? 'Declined by the signer' : 'This request expired'}</h2>
              <p className="muted">
                {view.status === 'declined'
                  ? `${view.signer.displayName} declined on ${formatDateTime(view.declinedAt)}.`
                  : `Nobody signed before ${formatDateTime(view.expiresAt)}. Upload the document again to send a new request.`}
              </p>
            </div>
          ) : signUrl ? (
            <>
              <h2>Scan with the signer&apos;s phone</h2>
              <div className="qr-box" data-testid="qr" aria-label="QR code with the signing link">
                {svg ? <div dangerouslySetInnerHTML={{ __html: svg }} style={{ width: '100%', display: 'grid', placeItems: 'center' }} /> : <div style={{ height: 280 }} />}
              </div>
              <div className="matching">
                <div className="matching-label">Matching code</div>
                <div className="matching-code" data-testid="matching-code">
                  {view.matchingCode}
                </div>
                <div className="small muted">The phone shows the same code.</div>
              </div>
              <div className="row" style={{ marginTop: 16, justifyContent: 'center' }}>
                <button
                  type="button"
                  className="btn btn-secondary btn-sm"
                  onClick={() => {
                    void navigator.clipboard?.writeText(signUrl).then(() => {
                      setCopied(true);
                      setTimeout(() => setCopied(false), 2000);
                    });
                  }}
                >
                  {copied ? 'Copied' : 'Copy link'}
                </button>
                <button type="button" className="btn btn-secondary btn-sm" onClick={newLink}>
                  New link
                </button>
              </div>
            </>
          ) : (
            <div className="center">
              <h2>QR code not available here</h2>
              <p className="muted small">
                Signet stores only a hash of each signing link, so the QR code is shown only in the browser tab that created it. Make a new link to show a
                fresh QR code; the old link stops working.
              </p>
              <button type="button" className="btn btn-primary" onClick={newLink} data-testid="new-link">
                Make a new link
              </button>
            </div>
          )}
          {linkError && (
            <div className="alert alert-danger" style={{ marginTop: 12 }} role="alert">
              {linkError}
            </div>
          )}
        </section>

        <div>
          <section className="card">
            <h2>Progress</h2>
            <Timeline view={view} />
          </section>
          <section className="card">
            <h2>Document</h2>
            <dl className="kv">
              <dt>File</dt>
              <dd>{view.document.name}</dd>
              <dt>Size</dt>
              <dd>{formatBytes(view.document.size)}</dd>
              <dt>Type</dt>
              <dd>{documentTypes.find((t) => t.id === view.documentType)?.label ?? view.documentType}</dd>
              {view.requestedBy && (
                <>
                  <dt>Requested by</dt>
                  <dd>{view.requestedBy}</dd>
                </>
              )}
              <dt>SHA-256</dt>
              <dd>
                <div className="fingerprint" data-testid="fingerprint">
                  {fingerprintGroups(view.document.sha256)}
                </div>
              </dd>
            </dl>
          </section>
          {aside}
        </div>
      </div>
    </>
  );
}

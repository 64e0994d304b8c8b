'use client';

import { useEffect, useRef, useState } from 'react';
import type { CeremonyView } from '@/lib/signing/get-ceremony';
import { matchingCode } from '@/lib/signing/matching-code';
import { parseSignFragment } from '@/lib/signing/sign-url';
import { downloadDocument, explain, FRIENDLY, signWithPasskey, type Step } from './ceremony-client';
import { apiJson, hashInWorker } from './hash-file';
import { fingerprintGroups, formatBytes, formatDateTime } from './format';
import { PdfPreview } from './pdf-preview';
import { ProgressBar } from './progress-bar';

type Check =
  | { phase: 'downloading'; received: number; total: number }
  | { phase: 'hashing'; hashed: number; total: number }
  | { phase: 'match'; sha256: string; blobUrl: string; viaQr: boolean }
  | { phase: 'mismatch'; sha256: string; expected: string }
  | { phase: 'failed'; message: string };

export function SignCeremony({ token, ceremony, error }: { token: string; ceremony: CeremonyView | null; error: { code: string; message: string } | null }) {
  const [check, setCheck] = useState<Check>({ phase: 'downloading', received: 0, total: ceremony?.document.size ?? 0 });
  const [qrHash, setQrHash] = useState<string | null | undefined>(undefined);
  const [code, setCode] = useState<string | null>(null);
  const [step, setStep] = useState<Step>(ceremony?.status === 'signed' ? 'signed' : ceremony?.status === 'declined' ? 'declined' : 'idle');
  const [failure, setFailure] = useState<string | null>(null);
  const [statement, setStatement] = useState<string | null>(null);
  const [signedAt, setSignedAt] = useState<string | null>(ceremony?.signedAt ?? null);
  const [showDecline, setShowDecline] = useState(false);
  const [reason, setReason] = useState('');
  const started = useRef(false);
  const signable = ceremony && (ceremony.status === 'pending' || ceremony.status === 'opened');

  useEffect(() => {
    if (!ceremony || started.current) return;
    started.current = true;
    const fragment = parseSignFragment(window.location.hash);
    const expected = fragment?.documentSha256 ?? null;
    setQrHash(expected);
    void matchingCode(ceremony.requestId, expected ?? ceremony.document.sha256).then(setCode);
    if (!signable) return;
    void (async () => {
      try {
        const total = ceremony.document.size;
        const blob = await downloadDocument(token, (received) => setCheck({ phase: 'downloading', received, total }));
        setCheck({ phase: 'hashing', hashed: 0, total: blob.size });
        const actual = await hashInWorker(blob, (hashed) => setCheck({ phase: 'hashing', hashed, total: blob.size }));
        const against = expected ?? ceremony.document.sha256;
        if (actual !== against) setCheck({ phase: 'mismatch', sha256: actual, expected: against });
        else setCheck({ phase: 'match', sha256: actual, blobUrl: URL.createObjectURL(blob), viaQr: Boolean(expected) });
      } catch (e) {
        setCheck({ phase: 'failed', message: explain(e) });
      }
    })();
  }, [ceremony, signable, token]);

  if (error || !ceremony) {
    return (
      <div className="card center" style={{ marginTop: 16 }} data-testid="ceremony-error" data-code={error?.code}>
        <div className="success-mark fail-mark">!</div>
        <h2>Can&apos;t open this request</h2>
        <p className="muted">{FRIENDLY[error?.code ?? ''] ?? error?.message}</p>
      </div>
    );
  }

  async function sign() {
    if (!ceremony || check.phase !== 'match') return;
    setFailure(null);
    try {
      const done = await signWithPasskey(token, check.sha256, (next, text) => {
        setStep(next);
        if (text) setStatement(text);
      });
      setSignedAt(done.signedAt);
      setStep('signed');
    } catch (e) {
      setStep('idle');
      setFailure(explain(e));
    }
  }

  async function decline() {
    setFailure(null);
    setStep('declining');
    try {
      await apiJson(`/api/ceremonies/${token}/decline`, { method: 'POST', body: JSON.stringify({ reason: reason.trim() || null }) });
      setStep('declined');
    } catch (e) {
      setStep('idle');
      setFailure(explain(e));
    }
  }

  if (step === 'signed') {
    return (
      <div className="card center" style={{ marginTop: 16 }} data-testid="signed">
        <div className="success-mark">✓</div>
        <h2>Document signed</h2>
        <p className="muted">
          You signed “{ceremony.title}” {signedAt ? `on ${formatDateTime(signedAt)}` : ''}. The sender has been notified. You can close this page.
        </p>
      </div>
    );
  }
  if (step === 'declined') {
    return (
      <div className="card center" style={{ marginTop: 16 }} data-testid="declined">
        <div className="success-mark fail-mark">✕</div>
        <h2>You declined to sign</h2>
        <p className="muted">The sender has been notified.</p>
      </div>
    );
  }
  if (ceremony.status === 'expired') {
    return (
      <div className="card center" style={{ marginTop: 16 }} data-testid="ceremony-error" data-code="REQUEST_EXPIRED">
        <div className="success-mark fail-mark">!</div>
        <h2>This request has expired</h2>
        <p className="muted">It expired on {formatDateTime(ceremony.expiresAt)}. Ask the sender for a new QR code.</p>
      </div>
    );
  }

  const busy = step === 'registering' || step === 'signing' || step === 'declining';
  return (
    <div className="stack" style={{ marginTop: 8 }}>
      <section className="card card-tight">
        <div className="muted small">{ceremony.requestedBy ? `${ceremony.requestedBy} asks you to sign` : 'You are asked to sign'}</div>
        <h1 className="doc-title" data-testid="ceremony-title">
          {ceremony.title}
        </h1>
        <dl className="kv" style={{ marginTop: 12 }}>
          <dt>Signer</dt>
          <dd>{ceremony.signer.displayName}</dd>
          <dt>Type</dt>
          <dd>{ceremony.documentType.label}</dd>
          <dt>File</dt>
          <dd>
            {ceremony.document.name} · {formatBytes(ceremony.document.size)}
          </dd>
          <dt>Expires</dt>
          <dd>{formatDateTime(ceremony.expiresAt)}</dd>
        </dl>
      </section>

      <section className="card card-tight" data-testid="document-check" data-phase={check.phase}>
        {check.phase === 'downloading' && <ProgressBar value={check.received} total={check.total} label="Downloading the document" />}
        {check.phase === 'hashing' && <ProgressBar value={check.hashed} total={check.total} label="Checking its fingerprint on this phone" />}
        {check.phase === 'match' && (
          <div className="check">
            <span className="check-icon ok">✓</span>
            <div>
              <strong>{check.viaQr ? 'This is the document you scanned' : 'Document fingerprint checked'}</strong>
              <div className="small muted">
                {check.viaQr
                  ? 'Your phone computed its SHA-256 and it matches the code you scanned.'
                  : 'Opened without the QR code: compare the fingerprint below with the sender’s screen.'}
              </div>
            </div>
          </div>
        )}
        {check.phase === 'mismatch' && (
          <div className="alert alert-danger" role="alert" data-testid="mismatch" style={{ marginBottom: 0 }}>
            <strong>This document does not match the code you scanned</strong>
            Do not sign. The file the server sent hashes to {fingerprintGroups(check.sha256).slice(0, 35)}…, but the QR code promised{' '}
            {fingerprintGroups(check.expected).slice(0, 35)}…. Contact the sender.
          </div>
        )}
        {check.phase === 'failed' && (
          <div className="alert alert-danger" role="alert" style={{ marginBottom: 0 }}>
            <strong>Could not check the document</strong>
            {check.message}
          </div>
        )}
        <div style={{ marginTop: 12 }}>
          <div className="matching-label">Fingerprint (SHA-256)</div>
          <div className="fingerprint" data-testid="phone-fingerprint">
            {fingerprintGroups(qrHash ?? ceremony.document.sha256)}
          </div>
        </div>
        {code && (
          <div className="matching">
            <div className="matching-label">Matching code</div>
            <div className="matching-code" data-testid="phone-matching-code">
              {code}
            </div>
            <div className="small muted">Check that the sender&apos;s screen shows the same code.</div>
          </div>
        )}
      </section>

      {check.phase === 'match' && (ceremony.document.mediaType.startsWith('image/') || ceremony.document.mediaType === 'application/pdf') && (
        <section className="card card-tight">
          <div className="spread" style={{ marginBottom: 8 }}>
            <h3 style={{ margin: 0 }}>Preview</h3>
            <a className="small" href={check.blobUrl} download={ceremony.document.name}>
              Download
            </a>
          </div>
          <div className="preview">
            {ceremony.document.mediaType.startsWith('image/') ? (
              // eslint-disable-next-line @next/next/no-img-element
              <img src={check.blobUrl} alt={`Preview of ${ceremony.document.name}`} />
            ) : (
              <PdfPreview url={check.blobUrl} fileName={ceremony.document.name} />
            )}
          </div>
        </section>
      )}
      {check.phase === 'match' && !(ceremony.document.mediaType.startsWith('image/') || ceremony.document.mediaType === 'application/pdf') && (
        <section className="card card-tight spread">
          <span className="small muted">No preview for this file type.</span>
          <a className="btn btn-secondary btn-sm" href={check.blobUrl} download={ceremony.document.name}>
            Download to read
          </a>
        </section>
      )}

      {failure && (
        <div className="alert alert-danger" role="alert" data-testid="sign-error">
          {failure}
        </div>
      )}

      <section className="card card-tight">
        <button type="button" className="btn btn-primary btn-block" disabled={check.phase !== 'match' || busy} onClick={sign} data-testid="sign-button">
          {step === 'registering' ? 'Creating your passkey…' : step === 'signing' ? 'Confirm with your passkey…' : ceremony.signer.hasPasskey ? 'Sign with passkey' : 'Create passkey & sign'}
        </button>
        <p className="small muted center" style={{ margin: '10px 0 0' }}>
          {ceremony.signer.hasPasskey
            ? 'Your phone will ask for your fingerprint, face or screen lock.'
            : 'First time? Your phone creates a passkey for you, then asks you to confirm the signature.'}
        </p>
        {statement && (
          <details style={{ marginTop: 10 }}>
            <summary>What exactly am I signing?</summary>
            <pre className="statement">{statement}</pre>
          </details>
        )}
        {!showDecline ? (
          <button type="button" className="btn btn-danger-ghost btn-block" style={{ marginTop: 12 }} onClick={() => setShowDecline(true)} disabled={busy} data-testid="decline-open">
            Decline
          </button>
        ) : (
          <div style={{ marginTop: 12 }}>
            <label className="field">
              <span>
                Reason <small>(optional, shown to the sender)</small>
              </span>
              <textarea rows={3} maxLength={1000} value={reason} onChange={(e) => setReason(e.target.value)} data-testid="decline-reason" />
            </label>
            <div className="row">
              <button type="button" className="btn btn-secondary" onClick={() => setShowDecline(false)} disabled={busy}>
                Cancel
              </button>
              <button type="button" className="btn btn-danger-ghost" onClick={decline} disabled={busy} data-testid="decline-confirm">
                Decline to sign
              </button>
            </div>
          </div>
        )}
      </section>
      <p className="footer-note">Signed with a passkey on this device. Signet never sees your fingerprint or face.</p>
    </div>
  );
}

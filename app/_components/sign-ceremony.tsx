'use client';

import { useTranslations } from 'next-intl';
import { useEffect, useRef, useState } from 'react';
import type { CeremonyView } from '@/lib/signing/get-ceremony';
import { matchingCode } from '@/lib/signing/matching-code';
import { parseSignFragment } from '@/lib/signing/sign-url';
import { downloadDocument, signWithPasskey, type Step } from './ceremony-client';
import { documentTypeName } from './document-type';
import { apiJson, hashInWorker } from './hash-file';
import { fingerprintGroups } from './format';
import { PdfPreview } from './pdf-preview';
import { ProblemCode, useExplain, type Problem } from './problem';
import { ProgressBar } from './progress-bar';
import { CeremonySigners, useLiveCeremony, WaitingFor } from './ceremony-live';
import { useFormat } from './use-format';

type Check =
  | { phase: 'downloading'; received: number; total: number }
  | { phase: 'hashing'; hashed: number; total: number }
  | { phase: 'match'; sha256: string; blobUrl: string; viaQr: boolean }
  | { phase: 'mismatch'; sha256: string; expected: string }
  | { phase: 'failed'; problem: Problem };

export function SignCeremony({ token, ceremony: initial, error: initialError }: { token: string; ceremony: CeremonyView | null; error: { code: string; message: string } | null }) {
  const [ceremony, liveError] = useLiveCeremony(token, initial);
  const error = liveError ? { code: liveError, message: '' } : initialError;
  const [check, setCheck] = useState<Check>({ phase: 'downloading', received: 0, total: ceremony?.document.size ?? 0 });
  const [qrHash, setQrHash] = useState<string | null | undefined>(undefined);
  const [code, setCode] = useState<string | null>(null);
  const [step, setStep] = useState<Step>(ceremony?.status === 'signed' ? 'signed' : ceremony?.status === 'declined' ? 'declined' : 'idle');
  const [failure, setFailure] = useState<Problem | null>(null);
  const t = useTranslations('ceremony');
  const tm = useTranslations('multi');
  const te = useTranslations('errors');
  const tt = useTranslations('documentTypes');
  const f = useFormat();
  const explain = useExplain();
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
    void matchingCode(ceremony.slotId, expected ?? ceremony.document.sha256).then(setCode);
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
        setCheck({ phase: 'failed', problem: explain(e) });
      }
    })();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [initial, token]);

  if (error || !ceremony) {
    return (
      <div className="card center" style={{ marginTop: 16 }} data-testid="ceremony-error" data-code={error?.code}>
        <div className="success-mark fail-mark">!</div>
        <h2>{error?.code === 'REQUEST_CANCELLED' ? tm('cancelledTitle') : t('cannotOpen')}</h2>
        <p className="muted">{error && te.has(error.code) ? te(error.code) : te('unknown')}</p>
        <ProblemCode code={error?.code ?? null} />
      </div>
    );
  }

  async function sign() {
    if (!ceremony || check.phase !== 'match') return;
    setFailure(null);
    try {
      const done = await signWithPasskey(
        token,
        check.sha256,
        (next, text) => {
          setStep(next);
          if (text) setStatement(text);
        },
        { wrongDocument: t('wrongDocument'), wrongChallenge: t('wrongChallenge') },
      );
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
        <h2>{t('signedTitle')}</h2>
        <p className="muted">
          {signedAt ? t('signedText', { title: ceremony.title, when: f.dateTime(signedAt, { withZone: true }) }) : t('signedTextNoTime', { title: ceremony.title })}
        </p>
        <div className="stack" style={{ marginTop: 16 }}>
          <a className="btn btn-primary btn-block" href={`/api/ceremonies/${token}/receipt`} download data-testid="download-receipt">
            {tm('downloadReceipt')}
          </a>
          <a className="btn btn-secondary btn-block" href={`/api/ceremonies/${token}/evidence`} download data-testid="download-own-evidence">
            {tm('downloadOwnEvidence')}
          </a>
          <p className="small muted" style={{ margin: 0 }}>
            {tm('keepHint')}
          </p>
        </div>
      </div>
    );
  }
  if (step === 'declined') {
    return (
      <div className="card center" style={{ marginTop: 16 }} data-testid="declined">
        <div className="success-mark fail-mark">✕</div>
        <h2>{t('declinedTitle')}</h2>
        <p className="muted">{t('declinedText')}</p>
      </div>
    );
  }
  if (ceremony.status === 'expired') {
    return (
      <div className="card center" style={{ marginTop: 16 }} data-testid="ceremony-error" data-code="REQUEST_EXPIRED">
        <div className="success-mark fail-mark">!</div>
        <h2>{t('expiredTitle')}</h2>
        <p className="muted">{t('expiredText', { when: f.dateTime(ceremony.expiresAt) })}</p>
      </div>
    );
  }

  const busy = step === 'registering' || step === 'signing' || step === 'declining';
  const waiting = ceremony.waitingFor.length > 0;
  return (
    <div className="stack" style={{ marginTop: 8 }}>
      <section className="card card-tight">
        <div className="muted small">{ceremony.requestedBy ? t('asksYou', { name: ceremony.requestedBy }) : t('youAreAsked')}</div>
        <h1 className="doc-title" data-testid="ceremony-title">
          {ceremony.title}
        </h1>
        <dl className="kv" style={{ marginTop: 12 }}>
          <dt>{t('signer')}</dt>
          <dd>{ceremony.signer.displayName}</dd>
          <dt>{t('type')}</dt>
          <dd>{documentTypeName(tt, ceremony.documentType.id, ceremony.documentType.label)}</dd>
          <dt>{t('file')}</dt>
          <dd>
            {ceremony.document.name} · {f.bytes(ceremony.document.size)}
          </dd>
          <dt>{t('expires')}</dt>
          <dd>{f.dateTime(ceremony.expiresAt)}</dd>
        </dl>
      </section>

      <section className="card card-tight" data-testid="document-check" data-phase={check.phase}>
        {check.phase === 'downloading' && <ProgressBar value={check.received} total={check.total} label={t('downloading')} />}
        {check.phase === 'hashing' && <ProgressBar value={check.hashed} total={check.total} label={t('hashing')} />}
        {check.phase === 'match' && (
          <div className="check">
            <span className="check-icon ok">✓</span>
            <div>
              <strong>{check.viaQr ? t('matchQrTitle') : t('matchNoQrTitle')}</strong>
              <div className="small muted">
                {check.viaQr ? t('matchQrText') : t('matchNoQrText')}
              </div>
            </div>
          </div>
        )}
        {check.phase === 'mismatch' && (
          <div className="alert alert-danger" role="alert" data-testid="mismatch" style={{ marginBottom: 0 }}>
            <strong>{qrHash ? t('mismatchQrTitle') : t('mismatchNoQrTitle')}</strong>
            {t(qrHash ? 'mismatchQrText' : 'mismatchNoQrText', { actual: `${fingerprintGroups(check.sha256).slice(0, 35)}…`, expected: `${fingerprintGroups(check.expected).slice(0, 35)}…` })}
          </div>
        )}
        {check.phase === 'failed' && (
          <div className="alert alert-danger" role="alert" style={{ marginBottom: 0 }}>
            <strong>{t('checkFailed')}</strong>
            {check.problem.text}
            <ProblemCode code={check.problem.code} />
          </div>
        )}
        <div style={{ marginTop: 12 }}>
          <div className="matching-label">{t('fingerprint')}</div>
          <div className="fingerprint" data-testid="phone-fingerprint">
            {fingerprintGroups(qrHash ?? ceremony.document.sha256)}
          </div>
        </div>
        {code && (
          <div className="matching">
            <div className="matching-label">{t('matchingCode')}</div>
            <div className="matching-code" data-testid="phone-matching-code">
              {code}
            </div>
            <div className="small muted">{t('matchingHint')}</div>
          </div>
        )}
      </section>

      {check.phase === 'match' && (ceremony.document.mediaType.startsWith('image/') || ceremony.document.mediaType === 'application/pdf') && (
        <section className="card card-tight">
          <div className="spread" style={{ marginBottom: 8 }}>
            <h3 style={{ margin: 0 }}>{t('preview')}</h3>
            <a className="small" href={check.blobUrl} download={ceremony.document.name}>
              {t('download')}
            </a>
          </div>
          <div className="preview">
            {ceremony.document.mediaType.startsWith('image/') ? (
              // eslint-disable-next-line @next/next/no-img-element
              <img src={check.blobUrl} alt={t('previewOf', { name: ceremony.document.name })} />
            ) : (
              <PdfPreview url={check.blobUrl} fileName={ceremony.document.name} />
            )}
          </div>
        </section>
      )}
      {check.phase === 'match' && !(ceremony.document.mediaType.startsWith('image/') || ceremony.document.mediaType === 'application/pdf') && (
        <section className="card card-tight spread">
          <span className="small muted">{t('noPreview')}</span>
          <a className="btn btn-secondary btn-sm" href={check.blobUrl} download={ceremony.document.name}>
            {t('downloadToRead')}
          </a>
        </section>
      )}

      {failure && (
        <div className="alert alert-danger" role="alert" data-testid="sign-error" data-code={failure.code ?? undefined}>
          {failure.text}
          <ProblemCode code={failure.code} />
        </div>
      )}

      {ceremony.signers.length > 1 && <CeremonySigners ceremony={ceremony} />}

      <section className="card card-tight">
        {waiting && <WaitingFor names={ceremony.waitingFor} />}
        <button type="button" className="btn btn-primary btn-block" disabled={check.phase !== 'match' || busy || waiting} onClick={sign} data-testid="sign-button">
          {step === 'registering' ? t('registering') : step === 'signing' ? t('confirming') : ceremony.signer.hasPasskey ? t('sign') : t('createAndSign')}
        </button>
        <p className="small muted center" style={{ margin: '10px 0 0' }}>
          {ceremony.signer.hasPasskey ? t('signHint') : t('createHint')}
        </p>
        <details style={{ marginTop: 10 }} data-testid="what-am-i-signing">
          <summary>{t('whatTitle')}</summary>
          <p className="small">{t('whatText', { title: ceremony.title, name: ceremony.signer.displayName })}</p>
          <div className="fingerprint small">{fingerprintGroups(qrHash ?? ceremony.document.sha256)}</div>
          {statement ? (
            <>
              <p className="small muted">{t('whatStatement')}</p>
              <pre className="statement">{statement}</pre>
            </>
          ) : (
            <p className="small muted">{t('whatLater')}</p>
          )}
        </details>
        {!showDecline ? (
          <button type="button" className="btn btn-danger-ghost btn-block" style={{ marginTop: 12 }} onClick={() => setShowDecline(true)} disabled={busy || waiting} data-testid="decline-open">
            {t('decline')}
          </button>
        ) : (
          <div style={{ marginTop: 12 }}>
            <label className="field">
              <span>
                {t('reason')} <small>{t('reasonHint')}</small>
              </span>
              <textarea rows={3} maxLength={1000} value={reason} onChange={(e) => setReason(e.target.value)} data-testid="decline-reason" />
            </label>
            <div className="row">
              <button type="button" className="btn btn-secondary" onClick={() => setShowDecline(false)} disabled={busy}>
                {t('cancel')}
              </button>
              <button type="button" className="btn btn-danger-ghost" onClick={decline} disabled={busy} data-testid="decline-confirm">
                {t('declineConfirm')}
              </button>
            </div>
          </div>
        )}
      </section>
      <p className="footer-note">{t('footer')}</p>
    </div>
  );
}

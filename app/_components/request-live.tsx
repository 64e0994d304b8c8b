'use client';

import { useLocale, useTranslations } from 'next-intl';
import QRCode from 'qrcode';
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import type { SigningRequestView } from '@/lib/signing/request-view';
import { buildSignUrl } from '@/lib/signing/sign-url';
import { documentTypeName } from './document-type';
import { apiJson } from './hash-file';
import { LedgerInclusion } from './ledger-inclusion';
import { fingerprintGroups } from './format';
import { ProblemAlert, useExplain, type Problem } from './problem';
import { RequestActions } from './request-actions';
import { SignerProgress, SignerQrCard } from './request-signers';
import { StatusBadge } from './status-badge';
import { useFormat } from './use-format';

/** The signing tokens the page was opened with: `t` for the first signer, others under their place id. */
function useHashTokens(): [Record<string, string>, (key: string, token: string) => void] {
  const [tokens, setTokens] = useState<Record<string, string>>({});
  useEffect(() => {
    const read = () => setTokens(Object.fromEntries(new URLSearchParams(window.location.hash.slice(1))));
    read();
    window.addEventListener('hashchange', read);
    return () => window.removeEventListener('hashchange', read);
  }, []);
  const set = (key: string, token: string) => {
    setTokens((prev) => {
      const next = { ...prev, [key]: token };
      history.replaceState(null, '', `#${new URLSearchParams(next).toString()}`);
      return next;
    });
  };
  return [tokens, set];
}

function Timeline({ view }: { view: SigningRequestView }) {
  const t = useTranslations('request');
  const tc = useTranslations('status');
  const f = useFormat();
  const final =
    view.status === 'signed'
      ? { cls: 'done', icon: '✓', label: t('signedBy', { name: view.signer.displayName }), when: view.signedAt }
      : view.status === 'declined'
        ? { cls: 'bad', icon: '✕', label: t('declined'), when: view.declinedAt }
        : view.status === 'expired' || view.status === 'cancelled'
          ? { cls: 'warn', icon: '!', label: view.status === 'cancelled' ? tc('cancelled') : t('expired'), when: view.status === 'cancelled' ? view.cancelledAt : view.expiresAt }
          : { cls: view.status === 'opened' ? 'current' : '', icon: '3', label: t('signWithPasskey'), when: null };
  return (
    <ol className="timeline" data-testid="timeline">
      <li className="done">
        <span className="dot">✓</span>
        <div>
          <div className="label">{t('created')}</div>
          <div className="when">{f.dateTime(view.createdAt)}</div>
        </div>
      </li>
      <li className={view.openedAt ? 'done' : view.status === 'pending' ? 'current' : ''}>
        <span className="dot">{view.openedAt ? '✓' : '2'}</span>
        <div>
          <div className="label">{t('openedOnPhone')}</div>
          <div className="when">{view.openedAt ? f.dateTime(view.openedAt) : view.status === 'pending' ? t('waitingScan') : '—'}</div>
        </div>
      </li>
      <li className={final.cls}>
        <span className="dot">{final.icon}</span>
        <div>
          <div className="label">{final.label}</div>
          <div className="when">{final.when ? f.dateTime(final.when) : view.status === 'opened' ? t('waitingSigner') : '—'}</div>
          {view.status === 'declined' && view.declineReason && <div className="small">“{view.declineReason}”</div>}
        </div>
      </li>
    </ol>
  );
}

export function RequestLive({
  initial,
  origin,
  documentTypes,
  aside,
  canManage = true,
}: {
  initial: SigningRequestView;
  origin: string;
  documentTypes: { id: string; label: string }[];
  aside?: ReactNode;
  /** Cancel, extend and send again: uploaders and admins (an auditor only watches). */
  canManage?: boolean;
}) {
  const [view, setView] = useState(initial);
  const [live, setLive] = useState(false);
  const [tokens, setTokenOf] = useHashTokens();
  const token = tokens.t ?? null;
  const setToken = (next: string) => setTokenOf('t', next);
  const multi = view.signers.length > 1;
  const tm = useTranslations('multi');
  const [svg, setSvg] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);
  const [linkError, setLinkError] = useState<Problem | null>(null);
  const t = useTranslations('request');
  const tt = useTranslations('documentTypes');
  const ts = useTranslations('sealedPdf');
  const f = useFormat();
  const locale = useLocale();
  const explain = useExplain();
  const [now, setNow] = useState(() => Date.now());
  const active = view.status === 'pending' || view.status === 'opened';

  const signUrl = useMemo(
    () =>
      token
        ? buildSignUrl(origin, token, { documentSha256: view.document.sha256, size: view.document.size, expiresAt: new Date(view.expiresAt), title: view.title }, locale)
        : null,
    [token, origin, view.document.sha256, view.document.size, view.expiresAt, view.title, locale],
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
      if (next.status === 'signed' || next.status === 'declined' || next.status === 'expired' || next.status === 'cancelled') {
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

  async function newLink(slotId?: string) {
    setLinkError(null);
    try {
      const res = await apiJson<{ token: string; signerId: string }>(`/api/requests/${view.id}/link`, { method: 'POST', body: JSON.stringify(slotId ? { signerId: slotId } : {}) });
      if (!multi || res.signerId === view.signers[0]?.id) setToken(res.token);
      else setTokenOf(res.signerId, res.token);
    } catch (e) {
      setLinkError(explain(e));
    }
  }
  const tokenOf = (slotId: string, index: number): string | null => tokens[slotId] ?? (index === 0 ? token : null);
  const signersNow = view.signers.map((s, i) => ({ s, i })).filter(({ s }) => s.step === view.currentStep && s.status !== 'signed');
  const signersLater = view.signers.map((s, i) => ({ s, i })).filter(({ s }) => view.currentStep !== null && s.step > view.currentStep);

  return (
    <>
      <div className="page-header">
        <div>
          <div className="row" style={{ marginBottom: 6 }}>
            <StatusBadge status={view.status} large />
            {active && <span className={`live${live ? ' on' : ''}`}>{live ? t('live') : t('connecting')}</span>}
          </div>
          <h1 data-testid="request-title">{view.title}</h1>
          <p className="subtitle">
            {multi ? tm('forSigners', { n: view.signers.length, names: new Intl.ListFormat(locale, { type: 'conjunction' }).format(view.signers.map((x) => x.displayName)) }) : t('forSigner', { name: view.signer.displayName })}
            {!multi && view.signer.email ? ` <${view.signer.email}>` : ''} ·{' '}
            {active
              ? t('expiresIn', { when: f.relative(view.expiresAt, now) })
              : view.status === 'expired'
                ? t('expiredAt', { when: f.dateTime(view.expiresAt) })
                : t('requestedAt', { when: f.dateTime(view.createdAt) })}
          </p>
        </div>
        <a className="btn btn-secondary btn-sm" href={`/api/requests/${view.id}/document`} download data-testid="download-original">
          {t('downloadOriginal')}
        </a>
      </div>

      <div className="grid-request">
        <section className="card">
          {view.status === 'signed' ? (
            <div className="center" data-testid="signed-panel">
              <div className="success-mark">✓</div>
              <h2>{t('signedTitle')}</h2>
              <p className="muted">
                {multi
                  ? tm('signedAllText', { n: view.signers.length, when: f.dateTime(view.signedAt, { withZone: true }) })
                  : t('signedText', { name: view.signer.displayName, when: f.dateTime(view.signedAt, { withZone: true }) })}
              </p>
              <a className="btn btn-primary btn-block" href={`/api/requests/${view.id}/sealed-pdf`} download data-testid="download-sealed-pdf">
                {ts('download')}
              </a>
              <p className="small muted" style={{ margin: '6px 0 10px' }}>{ts('hint')}</p>
              <a className="btn btn-secondary btn-block" href={`/api/requests/${view.id}/signing-certificate?locale=${locale}`} download data-testid="download-signing-certificate" style={{ marginBottom: 8 }}>
                {ts('certificate')}
              </a>
              {view.recordId && (
                <a className="btn btn-secondary btn-block" href={`/api/records/${view.recordId}/evidence`} download data-testid="download-evidence">
                  {t('downloadEvidence')}
                </a>
              )}
              {view.ledgerIndex != null && <LedgerInclusion index={view.ledgerIndex} />}
              <p className="small muted" style={{ marginTop: 12 }}>
                {t.rich('verifyHint', { code: (c) => <code>{c}</code> })}
              </p>
            </div>
          ) : !active ? (
            <div className="center">
              <div className="success-mark fail-mark">{view.status === 'declined' ? '✕' : '!'}</div>
              <h2>{view.status === 'declined' ? t('declinedTitle') : view.status === 'cancelled' ? tm('cancelledTitle') : t('expiredTitle')}</h2>
              <p className="muted">
                {view.status === 'declined'
                  ? t('declinedText', { name: view.signers.find((x) => x.status === 'declined')?.displayName ?? view.signer.displayName, when: f.dateTime(view.declinedAt) })
                  : view.status === 'cancelled'
                    ? tm('cancelledText', { when: f.dateTime(view.cancelledAt) })
                    : t('expiredText', { when: f.dateTime(view.expiresAt) })}
              </p>
            </div>
          ) : multi ? (
            <div className="stack" data-testid="signers-now">
              <h2 style={{ marginBottom: 0 }}>{signersNow.length > 1 ? tm('scanNowMany', { n: signersNow.length }) : tm('scanNow')}</h2>
              {view.currentStep !== null && new Set(view.signers.map((x) => x.step)).size > 1 && (
                <p className="small muted" style={{ margin: 0 }}>
                  {tm('stepOf', { n: view.currentStep, total: Math.max(...view.signers.map((x) => x.step)) })}
                </p>
              )}
              {signersNow.map(({ s, i }) => (
                <SignerQrCard key={s.id} view={view} signer={s} origin={origin} token={tokenOf(s.id, i)} onReissue={() => void newLink(s.id)} />
              ))}
              {signersLater.length > 0 && (
                <details className="later-signers" data-testid="later-signers">
                  <summary>{tm('laterSigners', { n: signersLater.length })}</summary>
                  <p className="small muted">{tm('laterHint')}</p>
                  {signersLater.map(({ s, i }) => (
                    <SignerQrCard key={s.id} view={view} signer={s} origin={origin} token={tokenOf(s.id, i)} onReissue={() => void newLink(s.id)} />
                  ))}
                </details>
              )}
            </div>
          ) : signUrl ? (
            <>
              <h2>{t('scanTitle')}</h2>
              <div className="qr-box" data-testid="qr" role="img" aria-label={t('qrAlt')}>
                {svg ? <div dangerouslySetInnerHTML={{ __html: svg }} style={{ width: '100%', display: 'grid', placeItems: 'center' }} /> : <div style={{ height: 280 }} />}
              </div>
              <div className="matching">
                <div className="matching-label">{t('matchingCode')}</div>
                <div className="matching-code" data-testid="matching-code">
                  {view.matchingCode}
                </div>
                <div className="small muted">{t('matchingHint')}</div>
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
                  {copied ? t('copied') : t('copyLink')}
                </button>
                <button type="button" className="btn btn-secondary btn-sm" onClick={() => window.confirm(t('newLinkConfirm')) && void newLink(view.signers[0]?.id)}>
                  {t('newLink')}
                </button>
              </div>
              <details className="qr-link">
                <summary>{t('showLinkText')}</summary>
                <div className="secret-box small" data-testid="sign-url">
                  {signUrl}
                </div>
              </details>
            </>
          ) : (
            <div className="center">
              <h2>{t('reissueTitle')}</h2>
              <p className="muted small">{t('reissueText')}</p>
              <button type="button" className="btn btn-primary" onClick={() => void newLink(view.signers[0]?.id)} data-testid="new-link">
                {t('reissueButton')}
              </button>
            </div>
          )}
          <ProblemAlert problem={linkError} style={{ marginTop: 12 }} />
        </section>

        <div>
          <section className="card">
            <h2>{t('progress')}</h2>
            {multi ? <SignerProgress view={view} /> : <Timeline view={view} />}
          </section>
          {canManage && <RequestActions view={view} onChange={setView} />}
          <section className="card">
            <h2>{t('document')}</h2>
            <dl className="kv">
              <dt>{t('file')}</dt>
              <dd>{view.document.name}</dd>
              <dt>{t('size')}</dt>
              <dd>{f.bytes(view.document.size)}</dd>
              <dt>{t('type')}</dt>
              <dd>{documentTypeName(tt, view.documentType, documentTypes.find((d) => d.id === view.documentType)?.label)}</dd>
              {view.requestedBy && (
                <>
                  <dt>{t('requestedBy')}</dt>
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

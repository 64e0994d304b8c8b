'use client';

import { useLocale, useTranslations } from 'next-intl';
import QRCode from 'qrcode';
import { useEffect, useMemo, useState } from 'react';
import type { RequestSignerView, SigningRequestView } from '@/lib/signing/request-view';
import { buildSignUrl } from '@/lib/signing/sign-url';
import { StatusBadge } from './status-badge';
import { useFormat } from './use-format';

/** Every signer of the request in list order, grouped by step, with their live status. */
export function SignerProgress({ view }: { view: SigningRequestView }) {
  const t = useTranslations('multi');
  const f = useFormat();
  const steps = [...new Set(view.signers.map((s) => s.step))];
  const parallel = steps.length === 1;
  return (
    <ol className="signer-steps" data-testid="signer-progress">
      {steps.map((step) => (
        <li key={step} className={`signer-step${view.currentStep === step && (view.status === 'pending' || view.status === 'opened') ? ' current' : ''}`}>
          {!parallel && <div className="signer-step-label">{t('step', { n: step })}</div>}
          <ul>
            {view.signers
              .filter((s) => s.step === step)
              .map((s) => (
                <li key={s.id} className="signer-item" data-testid="signer-item" data-status={s.status} data-name={s.displayName}>
                  <div>
                    <div className="signer-name">{s.displayName}</div>
                    <div className="when">
                      {s.status === 'signed' && s.signedAt
                        ? t('signedAt', { when: f.dateTime(s.signedAt) })
                        : s.status === 'declined' && s.declinedAt
                          ? t('declinedAt', { when: f.dateTime(s.declinedAt) })
                          : s.status === 'opened' && s.openedAt
                            ? t('openedAt', { when: f.dateTime(s.openedAt) })
                            : s.email ?? t('notOpened')}
                    </div>
                    {s.status === 'declined' && s.declineReason && <div className="small">“{s.declineReason}”</div>}
                  </div>
                  <SignerBadge signer={s} waiting={view.currentStep !== null && s.step > view.currentStep} />
                </li>
              ))}
          </ul>
        </li>
      ))}
    </ol>
  );
}

function SignerBadge({ signer, waiting }: { signer: RequestSignerView; waiting: boolean }) {
  const t = useTranslations('multi');
  if (waiting && signer.status !== 'declined') {
    return (
      <span className="badge badge-waiting" data-testid="status-badge" data-status="waiting">
        {t('waitingTurn')}
      </span>
    );
  }
  return <StatusBadge status={signer.status === 'pending' ? 'pending' : signer.status} />;
}

/** The QR code, matching code and link of one signer whose turn it is. */
export function SignerQrCard({
  view,
  signer,
  origin,
  token,
  onReissue,
}: {
  view: SigningRequestView;
  signer: RequestSignerView;
  origin: string;
  token: string | null;
  onReissue: () => void;
}) {
  const t = useTranslations('multi');
  const tr = useTranslations('request');
  const locale = useLocale();
  const [svg, setSvg] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);
  const signUrl = useMemo(
    () => (token ? buildSignUrl(origin, token, { documentSha256: view.document.sha256, size: view.document.size, expiresAt: new Date(view.expiresAt), title: view.title }, locale) : null),
    [token, origin, view.document.sha256, view.document.size, view.expiresAt, view.title, locale],
  );
  useEffect(() => {
    if (!signUrl) return;
    QRCode.toString(signUrl, { type: 'svg', errorCorrectionLevel: 'M', margin: 4, color: { dark: '#101828', light: '#ffffff' } }).then(setSvg, () => setSvg(null));
  }, [signUrl]);

  return (
    <div className="signer-qr" data-testid="signer-qr" data-signer={signer.displayName} data-slot={signer.id}>
      <div className="spread" style={{ marginBottom: 8 }}>
        <h3 style={{ margin: 0 }}>{t('scanFor', { name: signer.displayName })}</h3>
        <StatusBadge status={signer.status} />
      </div>
      {signUrl ? (
        <>
          <div className="qr-box" data-testid="qr" role="img" aria-label={tr('qrAlt')}>
            {svg ? <div dangerouslySetInnerHTML={{ __html: svg }} style={{ width: '100%', display: 'grid', placeItems: 'center' }} /> : <div style={{ height: 280 }} />}
          </div>
          <div className="matching">
            <div className="matching-label">{tr('matchingCode')}</div>
            <div className="matching-code" data-testid="matching-code">
              {signer.matchingCode}
            </div>
            <div className="small muted">{tr('matchingHint')}</div>
          </div>
          <div className="row" style={{ marginTop: 12, justifyContent: 'center' }}>
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
              {copied ? tr('copied') : tr('copyLink')}
            </button>
            <button type="button" className="btn btn-secondary btn-sm" onClick={() => window.confirm(tr('newLinkConfirm')) && onReissue()}>
              {tr('newLink')}
            </button>
          </div>
        </>
      ) : (
        <div className="center">
          <p className="muted small">{tr('reissueText')}</p>
          <button type="button" className="btn btn-primary" onClick={onReissue} data-testid="new-link">
            {tr('reissueButton')}
          </button>
        </div>
      )}
    </div>
  );
}

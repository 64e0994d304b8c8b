'use client';

import { useTranslations } from 'next-intl';
import type { Check, VerificationReport } from '@/lib/evidence/verify-evidence';
import { useFormat } from './use-format';
import { nameCheck } from './verify-checks';

export interface BundleSummary {
  version: string;
  title?: string;
  document: { sha256: string; name: string; size: number; mediaType: string };
  signers: string[];
  signedAt?: string;
  record?: { id: string; requestId: string; signedAt: string; document: BundleSummary['document']; signer: { id: string; displayName: string } };
}

/** The verdict first (naming the first check that failed: checks run in dependency order), then every check. */
export function VerifyReport({ report, summary, withDocument }: { report: VerificationReport; summary: BundleSummary | null; withDocument: boolean }) {
  const t = useTranslations('verify');
  const c = useTranslations('verify.checks');
  const f = useFormat();
  const first = report.checks.find((x) => !x.ok);
  const title = (check: Check) => {
    const { group, key } = nameCheck(check.name);
    const base = c(`${key}.title`);
    if (!group) return key === 'other' || key === 'countersignature' ? `${base} (${check.name})` : base;
    const [n, who] = group.split('|');
    return t('ofSignature', { n: n ?? '', who: who ?? '', check: base });
  };
  const reason = (check: Check) => c(`${nameCheck(check.name).key}.${check.ok ? 'ok' : 'bad'}`);

  return (
    <section className="stack" aria-live="polite" data-testid="verify-result" data-ok={report.ok ? 'true' : 'false'}>
      <div className="card center">
        <div className={`success-mark${report.ok ? '' : ' fail-mark'}`} aria-hidden>
          {report.ok ? '✓' : '✗'}
        </div>
        <h2 data-testid="verify-verdict">{report.ok ? t('verified') : t('notVerified')}</h2>
        {first ? (
          <p data-testid="verify-first-failure">{t('failedBecause', { check: title(first), reason: reason(first) })}</p>
        ) : (
          <p>{withDocument ? t('verifiedText') : t('verifiedNoDocument')}</p>
        )}
      </div>
      {summary && (
        <div className="card">
          <h3 className="card-title">{t('whatItSays')}</h3>
          <dl className="kv">
            {summary.title && (
              <>
                <dt>{t('requestTitle')}</dt>
                <dd>{summary.title}</dd>
              </>
            )}
            <dt>{t('documentName')}</dt>
            <dd>
              {summary.document.name} · {f.bytes(summary.document.size)}
            </dd>
            <dt>{t('fingerprint')}</dt>
            <dd>
              <code className="fingerprint">{summary.document.sha256}</code>
            </dd>
            <dt>{t('signers')}</dt>
            <dd>{summary.signers.join(', ')}</dd>
            {summary.signedAt && (
              <>
                <dt>{t('signedAt')}</dt>
                <dd>{f.dateTime(summary.signedAt)}</dd>
              </>
            )}
          </dl>
          <p className="muted small">{t('unsignedNote')}</p>
        </div>
      )}
      <div className="card">
        <h3 className="card-title">{t('checksTitle')}</h3>
        <ul className="verify-checks" data-testid="verify-checks">
          {report.checks.map((check, i) => (
            <li key={i} className="check" data-check={check.name} data-ok={check.ok ? 'true' : 'false'}>
              <span className={`check-icon ${check.ok ? 'ok' : 'bad'}`} aria-hidden>
                {check.ok ? '✓' : '✗'}
              </span>
              <div>
                <strong>{title(check)}</strong>
                <span className="sr-only">{check.ok ? t('passed') : t('failed')}</span>
                <div className={check.ok ? 'muted small' : 'danger-text small'}>{reason(check)}</div>
                <details>
                  <summary>{t('technical')}</summary>
                  <code className="verify-detail">{check.detail}</code>
                </details>
              </div>
            </li>
          ))}
        </ul>
        <p className="muted small">{t('trustNote')}</p>
      </div>
    </section>
  );
}

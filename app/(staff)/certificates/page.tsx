import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { CertificateActions } from '@/app/_components/certificate-actions';
import { CertificateBackup } from '@/app/_components/certificate-backup';
import { CertificateBadge } from '@/app/_components/certificate-badge';
import { CertificateExternalCa } from '@/app/_components/certificate-external-ca';
import { CertificateOwners } from '@/app/_components/certificate-owners';
import { getFormat } from '@/app/_components/server-format';
import { listCertificates } from '@/lib/certificates/list-certificates';
import { appContext } from '@/lib/context';
import { listCertificateOwners } from '@/lib/notifications/certificate-owners';

export const dynamic = 'force-dynamic';
export async function generateMetadata(): Promise<{ title: string }> {
  return { title: (await getTranslations('meta'))('certificates') };
}

export default async function CertificatesPage() {
  const ctx = await appContext();
  const [overview, owners] = await Promise.all([listCertificates(ctx), listCertificateOwners(ctx)]);
  const active = overview.active;
  const t = await getTranslations('certs');
  const f = await getFormat();
  return (
    <>
      <div className="page-header">
        <div>
          <h1>{t('title')}</h1>
          <p className="subtitle">{t('subtitle')}</p>
        </div>
      </div>

      {overview.selfManaged && (
        <div className="alert alert-info" data-testid="self-managed-note">
          <strong>{t('selfManagedTitle')}</strong>
          {t.rich('selfManagedText', { code: (c) => <code>{c}</code> })}
        </div>
      )}

      {active ? (
        <section className="card" data-testid="active-certificate">
          <div className="cert-status-head">
            <CertificateBadge state={active.state} large />
            <span className="cert-days" data-testid="days-left">
              {active.state === 'expired' ? t('expiredAgo', { n: -active.daysLeft }) : t('daysLeft', { n: active.daysLeft })}
            </span>
          </div>
          <dl className="kv">
            <dt>{t('subject')}</dt>
            <dd>{active.subject}</dd>
            <dt>{t('issuer')}</dt>
            <dd>{active.issuer}</dd>
            <dt>{t('serial')}</dt>
            <dd className="mono">{active.serial}</dd>
            <dt>SHA-256</dt>
            <dd className="mono" data-testid="fingerprint">
              {active.fingerprint.match(/.{2}/g)?.join(':')}
            </dd>
            <dt>{t('validFrom')}</dt>
            <dd>{f.dateTime(active.notBefore, { withZone: true })}</dd>
            <dt>{t('validUntil')}</dt>
            <dd>{f.dateTime(active.notAfter, { withZone: true })}</dd>
            {active.revokedAt && (
              <>
                <dt>{t('revokedAt')}</dt>
                <dd>
                  {f.dateTime(active.revokedAt, { withZone: true })} — {active.revocationReason}
                </dd>
              </>
            )}
          </dl>
          <div style={{ marginTop: 20 }}>
            <CertificateActions activeId={active.id} selfManaged={overview.selfManaged} state={active.state} />
          </div>
        </section>
      ) : (
        <section className="card">
          <p className="muted">{t('noActive')}</p>
        </section>
      )}

      <CertificateOwners owners={owners} mailOn={ctx.config.mail !== null} />

      <div className="grid-2 cert-tools-grid">
        {active && <CertificateBackup />}
        <CertificateExternalCa activeId={active?.id ?? null} />
      </div>

      <section className="card table-wrap" style={{ marginTop: 16 }}>
        <table className="list" data-testid="certificates-table">
          <thead>
            <tr>
              <th>{t('certificate')}</th>
              <th>{t('state')}</th>
              <th className="hide-sm">{t('validUntil')}</th>
              <th>{t('records')}</th>
            </tr>
          </thead>
          <tbody>
            {overview.certificates.map((c) => (
              <tr key={c.id}>
                <td>
                  <div style={{ fontWeight: 600 }}>
                    {t.has(`role.${c.role}`) ? t(`role.${c.role}`) : c.role}
                    {c.active && c.role === 'signing' ? ` · ${t('activeMark')}` : ''}
                  </div>
                  <div className="small muted mono">{c.serial.slice(0, 16)}…</div>
                </td>
                <td>
                  <CertificateBadge state={c.state} />
                </td>
                <td className="hide-sm">{f.dateTime(c.notAfter, { withZone: true })}</td>
                <td>
                  {c.role === 'signing' ? (
                    <Link href={`/certificates/${c.id}`} data-testid="certificate-records-link">
                      {t('recordCount', { n: c.recordCount })}
                    </Link>
                  ) : (
                    <span className="muted">—</span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </>
  );
}

import Link from 'next/link';
import { CertificateActions } from '@/app/_components/certificate-actions';
import { CertificateBackup } from '@/app/_components/certificate-backup';
import { CertificateBadge } from '@/app/_components/certificate-badge';
import { CertificateExternalCa } from '@/app/_components/certificate-external-ca';
import { formatDateTime } from '@/app/_components/format';
import { listCertificates } from '@/lib/certificates/list-certificates';
import { appContext } from '@/lib/context';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'Certificates' };

const ROLE: Record<string, string> = { signing: 'Signing', root: 'Root CA', tsa: 'Time-stamping' };

function daysText(days: number, state: string): string {
  if (state === 'expired') return `expired ${-days} day${days === -1 ? '' : 's'} ago`;
  return `${days} day${days === 1 ? '' : 's'} left`;
}

export default async function CertificatesPage() {
  const overview = await listCertificates(await appContext());
  const active = overview.active;
  return (
    <>
      <div className="page-header">
        <div>
          <h1>Organization certificate</h1>
          <p className="subtitle">Countersigns and timestamps every signature. Records keep verifying after it expires or is renewed.</p>
        </div>
      </div>

      {overview.selfManaged && (
        <div className="alert alert-info" data-testid="self-managed-note">
          <strong>Self-managed CA</strong>
          This certificate was issued by Signet&apos;s own root CA, created on first start. Verifiers trust it only if they trust that root: publish its
          fingerprint (below) or download the chain. To use a certificate from a public or corporate CA instead, have that CA issue a certificate
          for a Signet key (PKCS#10 CSR) or bring a PKCS#12 file, and configure an external time-stamping authority with <code>TSA_URL</code>.
        </div>
      )}

      {active ? (
        <section className="card" data-testid="active-certificate">
          <div className="cert-status-head">
            <CertificateBadge state={active.state} large />
            <span className="cert-days" data-testid="days-left">
              {daysText(active.daysLeft, active.state)}
            </span>
          </div>
          <dl className="kv">
            <dt>Subject</dt>
            <dd>{active.subject}</dd>
            <dt>Issuer</dt>
            <dd>{active.issuer}</dd>
            <dt>Serial</dt>
            <dd className="mono">{active.serial}</dd>
            <dt>SHA-256</dt>
            <dd className="mono" data-testid="fingerprint">
              {active.fingerprint.match(/.{2}/g)?.join(':')}
            </dd>
            <dt>Valid from</dt>
            <dd>{formatDateTime(active.notBefore)}</dd>
            <dt>Valid until</dt>
            <dd>{formatDateTime(active.notAfter)}</dd>
            {active.revokedAt && (
              <>
                <dt>Revoked</dt>
                <dd>
                  {formatDateTime(active.revokedAt)} — {active.revocationReason}
                </dd>
              </>
            )}
          </dl>
          <div style={{ marginTop: 20 }}>
            <CertificateActions activeId={active.id} selfManaged={overview.selfManaged} />
          </div>
        </section>
      ) : (
        <section className="card">
          <p className="muted">No signing certificate is active.</p>
        </section>
      )}

      <div className="grid-2 cert-tools-grid">
        {active && <CertificateBackup />}
        <CertificateExternalCa activeId={active?.id ?? null} />
      </div>

      <section className="card table-wrap" style={{ marginTop: 16 }}>
        <table className="list" data-testid="certificates-table">
          <thead>
            <tr>
              <th>Certificate</th>
              <th>State</th>
              <th className="hide-sm">Valid until</th>
              <th>Records</th>
            </tr>
          </thead>
          <tbody>
            {overview.certificates.map((c) => (
              <tr key={c.id}>
                <td>
                  <div style={{ fontWeight: 600 }}>
                    {ROLE[c.role] ?? c.role}
                    {c.active && c.role === 'signing' ? ' · active' : ''}
                  </div>
                  <div className="small muted mono">{c.serial.slice(0, 16)}…</div>
                </td>
                <td>
                  <CertificateBadge state={c.state} />
                </td>
                <td className="hide-sm">{formatDateTime(c.notAfter)}</td>
                <td>
                  {c.role === 'signing' ? (
                    <Link href={`/certificates/${c.id}`} data-testid="certificate-records-link">
                      {c.recordCount} record{c.recordCount === 1 ? '' : 's'}
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

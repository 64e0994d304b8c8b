import Link from 'next/link';
import { notFound } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { CertificateBadge } from '@/app/_components/certificate-badge';
import { getFormat } from '@/app/_components/server-format';
import { uuidParam } from '@/lib/api/schemas';
import { findCertificate } from '@/lib/certificates/certificate-store';
import { certificateRecords, toView } from '@/lib/certificates/list-certificates';
import { appContext } from '@/lib/context';
import { isAppError } from '@/lib/errors';

export const dynamic = 'force-dynamic';
export async function generateMetadata(): Promise<{ title: string }> {
  return { title: (await getTranslations('meta'))('certificateRecords') };
}

export default async function CertificateRecordsPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  if (!uuidParam.safeParse(id).success) notFound();
  const ctx = await appContext();
  const row = await findCertificate(ctx, id).catch((e: unknown) => {
    if (isAppError(e) && e.code === 'CERT_NOT_FOUND') notFound();
    throw e;
  });
  const records = await certificateRecords(ctx, id);
  const t = await getTranslations('certs');
  const f = await getFormat();
  const view = toView(row, ctx.clock.now(), ctx.config.certReminderDays, records.length);
  return (
    <>
      <div className="page-header">
        <div>
          <h1>{t('recordsTitle')}</h1>
          <p className="subtitle">
            {view.subject} · {t('serialLower')} <span className="mono">{view.serial.slice(0, 16)}…</span> · <CertificateBadge state={view.state} />
          </p>
        </div>
        <Link className="btn btn-secondary" href="/certificates">
          {t('allCertificates')}
        </Link>
      </div>
      <section className="card table-wrap">
        {records.length === 0 ? (
          <div className="empty">
            <p>{t('noRecords')}</p>
          </div>
        ) : (
          <table className="list">
            <thead>
              <tr>
                <th>{t('request')}</th>
                <th>{t('timestamp')}</th>
                <th className="hide-sm">{t('evidence')}</th>
              </tr>
            </thead>
            <tbody>
              {records.map((r) => (
                <tr key={r.recordId}>
                  <td>
                    <Link href={`/requests/${r.requestId}`} className="mono">
                      {r.requestId.slice(0, 8)}…
                    </Link>
                  </td>
                  <td>{f.dateTime(r.genTime, { withZone: true, seconds: true })}</td>
                  <td className="hide-sm">
                    <a href={`/api/records/${r.recordId}/evidence`}>{t('downloadEvidence')}</a>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </>
  );
}

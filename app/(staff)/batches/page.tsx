import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { BatchStatusBadge } from '@/app/_components/batch-status';
import { hasRole, requireStaff } from '@/app/_components/current-staff';
import { getFormat } from '@/app/_components/server-format';
import { listBatches } from '@/lib/batches/list-batches';
import { appContext } from '@/lib/context';

export const dynamic = 'force-dynamic';
export async function generateMetadata(): Promise<{ title: string }> {
  return { title: (await getTranslations('meta'))('batches') };
}

export default async function BatchesPage() {
  const staff = await requireStaff(['uploader', 'auditor']);
  const batches = await listBatches(await appContext(), { limit: 200 }, staff);
  const t = await getTranslations('batches');
  const f = await getFormat();
  const canUpload = hasRole(staff, ['uploader']);
  return (
    <>
      <div className="page-header">
        <div>
          <h1>{t('title')}</h1>
          <p className="subtitle">
            {t('subtitle')}
            {batches.length > 0 && ` ${t('count', { n: batches.length })}`}
          </p>
        </div>
        {canUpload && (
          <Link className="btn btn-primary" href="/batches/new" data-testid="new-batch">
            {t('new')}
          </Link>
        )}
      </div>
      <div className="card table-wrap">
        {batches.length === 0 ? (
          <div className="empty">
            <p>{t('empty')}</p>
            {canUpload && <Link href="/batches/new">{t('new')}</Link>}
          </div>
        ) : (
          <table className="list" data-testid="batches-table">
            <thead>
              <tr>
                <th>{t('name')}</th>
                <th>{t('status')}</th>
                <th>{t('documents')}</th>
                <th className="hide-sm">{t('created')}</th>
              </tr>
            </thead>
            <tbody>
              {batches.map((b) => (
                <tr key={b.id}>
                  <td>
                    <Link href={`/batches/${b.id}`} style={{ fontWeight: 600 }}>
                      {b.name}
                    </Link>
                    <div className="small muted">{b.createdBy}</div>
                  </td>
                  <td>
                    <BatchStatusBadge status={b.status} />
                  </td>
                  <td className="small">
                    <strong>{b.counts.total}</strong>
                    <div className="muted">{t('countsShort', { signed: b.counts.signed, declined: b.counts.declined, waiting: b.counts.waiting })}</div>
                  </td>
                  <td className="small hide-sm">{f.dateTime(b.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
    </>
  );
}

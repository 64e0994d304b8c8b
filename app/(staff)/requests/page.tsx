import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { hasRole, requireStaff } from '@/app/_components/current-staff';
import { getFormat } from '@/app/_components/server-format';
import { StatusBadge } from '@/app/_components/status-badge';
import { listSigningRequestsQuery } from '@/lib/api/schemas';
import { appContext } from '@/lib/context';
import { listSigningRequests } from '@/lib/signing/list-signing-requests';

export const dynamic = 'force-dynamic';
export async function generateMetadata(): Promise<{ title: string }> {
  return { title: (await getTranslations('meta'))('requests') };
}

const FILTERS = ['', 'pending', 'opened', 'signed', 'declined', 'expired', 'cancelled'] as const;
const PAGE = 25;

export default async function RequestsPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const staff = await requireStaff(['uploader', 'auditor']);
  const raw = await searchParams;
  const parsed = listSigningRequestsQuery.safeParse({ status: raw.status || undefined, cursor: raw.cursor, limit: PAGE });
  const query = parsed.success ? parsed.data : { limit: PAGE };
  const page = await listSigningRequests(await appContext(), query, staff);
  const status = parsed.success ? parsed.data.status : undefined;
  const t = await getTranslations('requests');
  const tm = await getTranslations('multi');
  const ts = await getTranslations('status');
  const f = await getFormat();
  const canUpload = hasRole(staff, ['uploader']);
  const href = (s: string, cursor?: string) => `/requests?${new URLSearchParams({ ...(s ? { status: s } : {}), ...(cursor ? { cursor } : {}) })}`;

  return (
    <>
      <div className="page-header">
        <div>
          <h1>{t('title')}</h1>
          <p className="subtitle">
            {t('count', { n: page.items.length })}
            {status ? ` · ${ts(status)}` : ''}
          </p>
        </div>
        {canUpload && (
          <Link className="btn btn-primary" href="/">
            {t('new')}
          </Link>
        )}
      </div>
      <div className="filters" style={{ marginBottom: 16 }}>
        {FILTERS.map((value) => (
          <Link key={value} href={href(value)} className={`chip${(status ?? '') === value ? ' active' : ''}`}>
            {value ? ts(value) : t('all')}
          </Link>
        ))}
      </div>
      <div className="card table-wrap">
        {page.items.length === 0 ? (
          <div className="empty">
            <p>{status ? t('emptyStatus', { status: ts(status) }) : t('empty')}</p>
            {canUpload && <Link href="/">{t('uploadFirst')}</Link>}
          </div>
        ) : (
          <table className="list" data-testid="requests-table">
            <thead>
              <tr>
                <th>{t('document')}</th>
                <th>{t('signer')}</th>
                <th>{t('status')}</th>
                <th className="hide-sm">{t('created')}</th>
                <th className="hide-sm">{t('expiresSigned')}</th>
              </tr>
            </thead>
            <tbody>
              {page.items.map((r) => (
                <tr key={r.id}>
                  <td>
                    <Link href={`/requests/${r.id}`} style={{ fontWeight: 600 }}>
                      {r.title}
                    </Link>
                    <div className="small muted">
                      {r.document.name} · {f.bytes(r.document.size)}
                    </div>
                  </td>
                  <td>
                    {r.signer.displayName}
                    {r.signers.length > 1 ? (
                      <div className="small muted" data-testid="more-signers">
                        {tm('andMore', { n: r.signers.length - 1, signed: r.signers.filter((s) => s.status === 'signed').length, total: r.signers.length })}
                      </div>
                    ) : (
                      r.signer.email && <div className="small muted">{r.signer.email}</div>
                    )}
                  </td>
                  <td>
                    <StatusBadge status={r.status} />
                  </td>
                  <td className="small hide-sm">{f.dateTime(r.createdAt)}</td>
                  <td className="small hide-sm">{r.signedAt ? f.dateTime(r.signedAt) : f.dateTime(r.expiresAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
      {page.nextCursor && (
        <div className="spread" style={{ marginTop: 16 }}>
          <Link className="btn btn-secondary btn-sm" href={href(status ?? '', page.nextCursor)}>
            {t('older')}
          </Link>
        </div>
      )}
    </>
  );
}

import { requireStaff } from '@/app/_components/current-staff';
import Link from 'next/link';
import { formatBytes, formatDateTime } from '@/app/_components/format';
import { StatusBadge } from '@/app/_components/status-badge';
import { listSigningRequestsQuery } from '@/lib/api/schemas';
import { appContext } from '@/lib/context';
import { listSigningRequests } from '@/lib/signing/list-signing-requests';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'Requests' };

const FILTERS = [
  ['', 'All'],
  ['pending', 'Waiting'],
  ['opened', 'Opened'],
  ['signed', 'Signed'],
  ['declined', 'Declined'],
  ['expired', 'Expired'],
] as const;
const PAGE = 25;

export default async function RequestsPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const staff = await requireStaff(['uploader', 'auditor']);
  const raw = await searchParams;
  const parsed = listSigningRequestsQuery.safeParse({ status: raw.status || undefined, offset: raw.offset, limit: PAGE });
  const query = parsed.success ? parsed.data : { limit: PAGE };
  const page = await listSigningRequests(await appContext(), query, staff);
  const status = parsed.success ? parsed.data.status : undefined;
  const href = (s: string, offset = 0) => `/requests?${new URLSearchParams({ ...(s ? { status: s } : {}), ...(offset ? { offset: String(offset) } : {}) })}`;

  return (
    <>
      <div className="page-header">
        <div>
          <h1>Signing requests</h1>
          <p className="subtitle">{page.total} request{page.total === 1 ? '' : 's'}{status ? ` · ${status}` : ''}</p>
        </div>
        <Link className="btn btn-primary" href="/">
          New request
        </Link>
      </div>
      <div className="filters" style={{ marginBottom: 16 }}>
        {FILTERS.map(([value, label]) => (
          <Link key={value} href={href(value)} className={`chip${(status ?? '') === value ? ' active' : ''}`}>
            {label}
          </Link>
        ))}
      </div>
      <div className="card table-wrap">
        {page.items.length === 0 ? (
          <div className="empty">
            <p>No signing requests{status ? ` with status “${status}”` : ''} yet.</p>
            <Link href="/">Upload a document →</Link>
          </div>
        ) : (
          <table className="list" data-testid="requests-table">
            <thead>
              <tr>
                <th>Document</th>
                <th>Signer</th>
                <th>Status</th>
                <th className="hide-sm">Created</th>
                <th className="hide-sm">Expires / signed</th>
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
                      {r.document.name} · {formatBytes(r.document.size)}
                    </div>
                  </td>
                  <td>
                    {r.signer.displayName}
                    {r.signer.email && <div className="small muted">{r.signer.email}</div>}
                  </td>
                  <td>
                    <StatusBadge status={r.status} />
                  </td>
                  <td className="small hide-sm">{formatDateTime(r.createdAt)}</td>
                  <td className="small hide-sm">{r.signedAt ? formatDateTime(r.signedAt) : formatDateTime(r.expiresAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
      {page.total > PAGE && (
        <div className="spread" style={{ marginTop: 16 }}>
          <span className="small muted">
            {page.offset + 1}–{Math.min(page.offset + PAGE, page.total)} of {page.total}
          </span>
          <div className="row">
            {page.offset > 0 && (
              <Link className="btn btn-secondary btn-sm" href={href(status ?? '', Math.max(0, page.offset - PAGE))}>
                ← Newer
              </Link>
            )}
            {page.offset + PAGE < page.total && (
              <Link className="btn btn-secondary btn-sm" href={href(status ?? '', page.offset + PAGE)}>
                Older →
              </Link>
            )}
          </div>
        </div>
      )}
    </>
  );
}

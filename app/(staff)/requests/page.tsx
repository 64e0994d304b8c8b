import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { hasRole, requireStaff } from '@/app/_components/current-staff';
import { getFormat } from '@/app/_components/server-format';
import { documentTypeName } from '@/app/_components/document-type';
import { StatusBadge } from '@/app/_components/status-badge';
import { appContext } from '@/lib/context';
import { config } from '@/lib/env';
import { isAppError } from '@/lib/errors';
import { datePresets, historyPageFilter } from '@/lib/signing/history-page-filter';
import { listSigningRequests, type SigningRequestPage } from '@/lib/signing/list-signing-requests';
import { HistoryFilters } from './history-filters';

export const dynamic = 'force-dynamic';
export async function generateMetadata(): Promise<{ title: string }> {
  return { title: (await getTranslations('meta'))('requests') };
}

const PAGE = 25;
const EXPORTS = ['csv', 'pdf', 'ndjson', 'txt'] as const;

export default async function RequestsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const staff = await requireStaff(['uploader', 'auditor']);
  const { query, params, form, invalid } = historyPageFilter(await searchParams, PAGE);
  const ctx = await appContext();
  let page: SigningRequestPage = { items: [], nextCursor: null, limit: PAGE };
  let cursorRefused = false;
  try {
    page = await listSigningRequests(ctx, query, staff);
  } catch (e) {
    // A cursor pasted from another query: say so, and show the first page of this one.
    if (!isAppError(e) || e.code !== 'VALIDATION_FAILED') throw e;
    cursorRefused = true;
    page = await listSigningRequests(ctx, { ...query, cursor: undefined }, staff);
  }
  const t = await getTranslations('requests');
  const th = await getTranslations('history');
  const label = await getTranslations('printed.report.filter');
  const tm = await getTranslations('multi');
  const tt = await getTranslations('documentTypes');
  const typeLabel = new Map(config().documentTypes.map((d) => [d.id, d.label]));
  const f = await getFormat();
  const canUpload = hasRole(staff, ['uploader']);
  const filtered = [...params.keys()].some((k) => k !== 'sort');
  const exportHref = (format: string) => `/api/requests/export?${new URLSearchParams([...params, ['format', format]])}`;
  const more = page.nextCursor ? `/requests?${new URLSearchParams([...params, ['cursor', page.nextCursor]])}` : null;

  return (
    <>
      <div className="page-header">
        <div>
          <h1>{t('title')}</h1>
          <p className="subtitle">{th('subtitle')}</p>
        </div>
        {canUpload && (
          <Link className="btn btn-primary" href="/">
            {t('new')}
          </Link>
        )}
      </div>
      {(invalid.length > 0 || cursorRefused) && (
        <div className="alert alert-danger" role="alert" data-testid="bad-filters" data-fields={invalid.join(' ')}>
          <strong>{th('badFilters')}</strong> {cursorRefused ? th('cursorRefused') : th('badFilterFields', { fields: invalid.map((k) => (label.has(k) ? label(k) : k)).join(th('fieldSeparator')) })}
        </div>
      )}
      <HistoryFilters values={form} documentTypes={config().documentTypes} presets={datePresets(ctx.clock.now())} />
      <div className="spread history-exports" style={{ marginBottom: 12 }}>
        <span className="small muted" data-testid="history-shown">
          {th('shown', { n: page.items.length })}
          {form.cursor ? th('continued') : ''}
        </span>
        <div className="row history-exports">
          <span className="small muted">{th('export')}</span>
          {EXPORTS.map((format) => (
            <a key={format} className="btn btn-secondary btn-sm" href={exportHref(format)} data-testid={`export-${format}`} download>
              {th(`format.${format}`)}
            </a>
          ))}
        </div>
      </div>
      <div className="card table-wrap">
        {page.items.length === 0 ? (
          <div className="empty">
            <p>{filtered ? th('emptyFiltered') : t('empty')}</p>
            {canUpload && !filtered && <Link href="/">{t('uploadFirst')}</Link>}
          </div>
        ) : (
          <table className="list" data-testid="requests-table">
            <thead>
              <tr>
                <th>{t('document')}</th>
                <th className="hide-sm">{th('type')}</th>
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
                  <td className="small hide-sm">{documentTypeName(tt, r.documentType, typeLabel.get(r.documentType))}</td>
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
      <div className="spread" style={{ marginTop: 16 }}>
        <span />
        <div className="row">
          {form.cursor && (
            <Link className="btn btn-secondary btn-sm" href={`/requests${params.size ? `?${params}` : ''}`}>
              {th('first')}
            </Link>
          )}
          {more && (
            <Link className="btn btn-secondary btn-sm" href={more} data-testid="load-more">
              {th('loadMore')}
            </Link>
          )}
        </div>
      </div>
    </>
  );
}

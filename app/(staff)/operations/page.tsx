import Link from 'next/link';
import { appContext } from '@/lib/context';
import { listOperations } from '@/lib/operations/list-operations';
import { pageFilter } from '@/lib/operations/page-filter';
import { OperationsFilters } from './operations-filters';
import { OperationsTable } from './operations-table';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'Operation log' };

const PAGE = 50;

export default async function OperationsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { query, apiParams, form, error } = pageFilter(await searchParams, PAGE);
  const page = await listOperations(await appContext(), query);
  const filtered = apiParams.toString();
  const exportHref = (format: 'csv' | 'json') => `/api/operations/export?${new URLSearchParams([...apiParams, ['format', format]])}`;
  const older = page.nextCursor ? `/operations?${new URLSearchParams([...Object.entries(form).filter(([k]) => k !== 'cursor'), ['cursor', page.nextCursor]])}` : null;

  return (
    <>
      <div className="page-header">
        <div>
          <h1>Operation log</h1>
          <p className="subtitle">Every change and every refused attempt: who, what, on what, from where. Append-only.</p>
        </div>
        <div className="row">
          <a className="btn btn-secondary btn-sm" href={exportHref('csv')} data-testid="export-csv" download>
            Export CSV
          </a>
          <a className="btn btn-secondary btn-sm" href={exportHref('json')} data-testid="export-json" download>
            Export JSON
          </a>
        </div>
      </div>
      {error && (
        <div className="alert alert-danger" role="alert">
          <strong>These filters are not valid, so the whole log is shown.</strong>
          {error}
        </div>
      )}
      <OperationsFilters values={form} />
      <div className="card table-wrap">
        <OperationsTable operations={page.operations} filtered={filtered !== ''} />
      </div>
      <div className="spread" style={{ marginTop: 16 }}>
        <span className="small muted">
          {page.operations.length} entr{page.operations.length === 1 ? 'y' : 'ies'} on this page{form.cursor ? ' (older entries)' : ''}
        </span>
        <div className="row">
          {form.cursor && (
            <Link className="btn btn-secondary btn-sm" href={`/operations${filtered ? `?${new URLSearchParams(Object.entries(form).filter(([k]) => k !== 'cursor'))}` : ''}`}>
              ← Newest
            </Link>
          )}
          {older && (
            <Link className="btn btn-secondary btn-sm" href={older} data-testid="older">
              Older →
            </Link>
          )}
        </div>
      </div>
    </>
  );
}

import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { appContext } from '@/lib/context';
import { listOperations } from '@/lib/operations/list-operations';
import { targetLabels } from '@/lib/operations/target-labels';
import { pageFilter } from '@/lib/operations/page-filter';
import { OperationsFilters } from './operations-filters';
import { OperationsTable } from './operations-table';

export const dynamic = 'force-dynamic';
export async function generateMetadata(): Promise<{ title: string }> {
  return { title: (await getTranslations('meta'))('operations') };
}

const PAGE = 50;

/** Which label of the filter form names each query field (message keys under ops.filterField). */
const FIELD_LABELS: Record<string, string> = { from: 'from', to: 'to', actorKind: 'actor', actor: 'actorId', action: 'action', targetType: 'targetId', targetId: 'targetId', outcome: 'outcome', cursor: 'cursor' };

export default async function OperationsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { query, apiParams, form, invalid } = pageFilter(await searchParams, PAGE);
  const ctx = await appContext();
  const page = await listOperations(ctx, query);
  const labels = await targetLabels(ctx, page.operations);
  const t = await getTranslations('ops');
  const filtered = apiParams.toString();
  const exportHref = (format: 'csv' | 'json') => `/api/operations/export?${new URLSearchParams([...apiParams, ['format', format]])}`;
  const older = page.nextCursor ? `/operations?${new URLSearchParams([...Object.entries(form).filter(([k]) => k !== 'cursor'), ['cursor', page.nextCursor]])}` : null;

  return (
    <>
      <div className="page-header">
        <div>
          <h1>{t('title')}</h1>
          <p className="subtitle">{t('subtitle')}</p>
        </div>
        <div className="row">
          <a className="btn btn-secondary btn-sm" href={exportHref('csv')} data-testid="export-csv" download>
            {t('exportCsv')}
          </a>
          <a className="btn btn-secondary btn-sm" href={exportHref('json')} data-testid="export-json" download>
            {t('exportJson')}
          </a>
        </div>
      </div>
      {invalid.length > 0 && (
        <div className="alert alert-danger" role="alert" data-testid="bad-filters" data-fields={invalid.join(' ')}>
          <strong>{t('badFilters')}</strong> {t('badFilterFields', { fields: invalid.map((f) => t(`filterField.${FIELD_LABELS[f] ?? 'other'}`)).join(t('fieldSeparator')) })}
        </div>
      )}
      <OperationsFilters values={form} />
      <div className="card table-wrap">
        <OperationsTable operations={page.operations} filtered={filtered !== ''} labels={labels} />
      </div>
      <div className="spread" style={{ marginTop: 16 }}>
        <span className="small muted">
          {t('onPage', { n: page.operations.length })}
          {form.cursor ? t('olderEntries') : ''}
        </span>
        <div className="row">
          {form.cursor && (
            <Link className="btn btn-secondary btn-sm" href={`/operations${filtered ? `?${new URLSearchParams(Object.entries(form).filter(([k]) => k !== 'cursor'))}` : ''}`}>
              {t('newest')}
            </Link>
          )}
          {older && (
            <Link className="btn btn-secondary btn-sm" href={older} data-testid="older">
              {t('older')}
            </Link>
          )}
        </div>
      </div>
    </>
  );
}

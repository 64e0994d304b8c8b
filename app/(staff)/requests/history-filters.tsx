import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { documentTypeName } from '@/app/_components/document-type';
import { REQUEST_SORTS, REQUEST_STATUSES } from '@/lib/signing/request-filter';

interface Props {
  values: Record<string, string>;
  documentTypes: { id: string; label: string }[];
  presets: { key: 'today' | 'week' | 'month'; from: string; to: string }[];
}

/** A plain GET form: works without JavaScript, the URL is the filtered view (shareable, back button, export links). */
export async function HistoryFilters({ values, documentTypes, presets }: Props) {
  const t = await getTranslations('history');
  const label = await getTranslations('printed.report.filter');
  const ts = await getTranslations('status');
  const tt = await getTranslations('documentTypes');
  const sortName = await getTranslations('printed.report.sort');
  const presetHref = (from: string, to: string) => `/requests?${new URLSearchParams({ ...Object.fromEntries(Object.entries(values).filter(([k]) => k !== 'cursor')), createdFrom: from, createdTo: to })}`;
  const text = (name: string, placeholder?: string) => (
    <label className="field">
      <span>{label(name)}</span>
      <input type="text" name={name} defaultValue={values[name]} placeholder={placeholder} maxLength={200} />
    </label>
  );
  const date = (name: string) => (
    <label className="field">
      <span>{label(name)}</span>
      <input type="date" name={name} defaultValue={values[name]?.slice(0, 10)} />
    </label>
  );
  return (
    // Keyed by the query: inputs are uncontrolled (defaultValue), so a client-side navigation (a preset,
    // the back button) must remount the form for it to show the URL's values.
    <form key={new URLSearchParams(values).toString()} className="card card-tight oplog-filters" method="get" action="/requests" aria-label={t('filterLabel')} data-testid="history-filters">
      <label className="field history-q">
        <span>{label('q')}</span>
        <input type="search" name="q" defaultValue={values.q} placeholder={t('qPlaceholder')} maxLength={200} />
      </label>
      <label className="field">
        <span>{label('status')}</span>
        <select name="status" defaultValue={values.status ?? ''}>
          <option value="">{t('anyStatus')}</option>
          {REQUEST_STATUSES.map((s) => (
            <option key={s} value={s}>
              {ts(s)}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span>{label('documentType')}</span>
        <select name="documentType" defaultValue={values.documentType ?? ''}>
          <option value="">{t('anyType')}</option>
          {documentTypes.map((d) => (
            <option key={d.id} value={d.id}>
              {documentTypeName(tt, d.id, d.label)}
            </option>
          ))}
        </select>
      </label>
      {text('signer', t('signerPlaceholder'))}
      {text('uploader', t('uploaderPlaceholder'))}
      {text('batch', t('batchPlaceholder'))}
      {text('sha256', t('sha256Placeholder'))}
      <label className="field">
        <span>{label('sort')}</span>
        <select name="sort" defaultValue={values.sort ?? 'created'}>
          {REQUEST_SORTS.map((s) => (
            <option key={s} value={s}>
              {sortName(s)}
            </option>
          ))}
        </select>
      </label>
      {date('createdFrom')}
      {date('createdTo')}
      {date('signedFrom')}
      {date('signedTo')}
      <div className="history-presets" role="group" aria-label={t('presets')}>
        <span className="small muted">{t('presets')}</span>
        {presets.map((p) => (
          <Link key={p.key} className={`chip${values.createdFrom === p.from && values.createdTo === p.to ? ' active' : ''}`} href={presetHref(p.from, p.to)} data-testid={`preset-${p.key}`}>
            {t(`preset.${p.key}`)}
          </Link>
        ))}
      </div>
      <div className="oplog-filter-actions">
        <button className="btn btn-primary btn-sm" type="submit">
          {t('apply')}
        </button>
        <Link className="btn btn-secondary btn-sm" href="/requests">
          {t('clear')}
        </Link>
      </div>
    </form>
  );
}

import { getTranslations } from 'next-intl/server';

const OUTCOMES = ['', 'ok', 'refused', 'error'] as const;
const ACTOR_KINDS = ['', 'staff', 'api_key', 'signer', 'system', 'anonymous'] as const;

/** A plain GET form: works without JavaScript, and the URL is the filtered view (shareable, exportable). */
export async function OperationsFilters({ values }: { values: Record<string, string> }) {
  const t = await getTranslations('ops');
  return (
    <form className="card card-tight oplog-filters" method="get" action="/operations" aria-label={t('filterLabel')}>
      <label className="field">
        <span>{t('from')}</span>
        <input type="date" name="from" defaultValue={values.from?.slice(0, 10)} />
      </label>
      <label className="field">
        <span>{t('to')}</span>
        <input type="date" name="to" defaultValue={values.to?.slice(0, 10)} />
      </label>
      <label className="field">
        <span>{t('actor')}</span>
        <select name="actorKind" defaultValue={values.actorKind ?? ''}>
          {ACTOR_KINDS.map((v) => (
            <option key={v} value={v}>
              {v ? t(`kind.${v}`) : t('anyone')}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span>{t('actorId')}</span>
        <input type="text" name="actor" defaultValue={values.actor} placeholder={t('actorIdPlaceholder')} />
      </label>
      <label className="field">
        <span>{t('action')}</span>
        <input type="text" name="action" defaultValue={values.action} placeholder={t('actionPlaceholder')} />
      </label>
      <label className="field">
        <span>{t('targetId')}</span>
        <input type="text" name="targetId" defaultValue={values.targetId} placeholder={t('targetIdPlaceholder')} />
      </label>
      <label className="field">
        <span>{t('outcome')}</span>
        <select name="outcome" defaultValue={values.outcome ?? ''}>
          {OUTCOMES.map((v) => (
            <option key={v} value={v}>
              {v ? t(`result.${v}`) : t('anyOutcome')}
            </option>
          ))}
        </select>
      </label>
      <div className="oplog-filter-actions">
        <button className="btn btn-primary btn-sm" type="submit">
          {t('apply')}
        </button>
        <a className="btn btn-secondary btn-sm" href="/operations">
          {t('clear')}
        </a>
      </div>
    </form>
  );
}

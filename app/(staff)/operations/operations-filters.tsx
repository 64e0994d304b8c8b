const OUTCOMES = [
  ['', 'Any outcome'],
  ['ok', 'OK'],
  ['refused', 'Refused'],
  ['error', 'Error'],
] as const;
const ACTOR_KINDS = [
  ['', 'Anyone'],
  ['staff', 'Staff'],
  ['api_key', 'API key'],
  ['signer', 'Signer'],
  ['system', 'System'],
  ['anonymous', 'Anonymous'],
] as const;

/** A plain GET form: works without JavaScript, and the URL is the filtered view (shareable, exportable). */
export function OperationsFilters({ values }: { values: Record<string, string> }) {
  return (
    <form className="card card-tight oplog-filters" method="get" action="/operations" aria-label="Filter the operation log">
      <label className="field">
        <span>From (UTC)</span>
        <input type="date" name="from" defaultValue={values.from?.slice(0, 10)} />
      </label>
      <label className="field">
        <span>To (UTC)</span>
        <input type="date" name="to" defaultValue={values.to?.slice(0, 10)} />
      </label>
      <label className="field">
        <span>Actor</span>
        <select name="actorKind" defaultValue={values.actorKind ?? ''}>
          {ACTOR_KINDS.map(([v, l]) => (
            <option key={v} value={v}>
              {l}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span>Actor id or name</span>
        <input type="text" name="actor" defaultValue={values.actor} placeholder="e.g. Ada Lovelace" />
      </label>
      <label className="field">
        <span>Action</span>
        <input type="text" name="action" defaultValue={values.action} placeholder="request.sign or request.*" />
      </label>
      <label className="field">
        <span>Target id</span>
        <input type="text" name="targetId" defaultValue={values.targetId} placeholder="request or document id" />
      </label>
      <label className="field">
        <span>Outcome</span>
        <select name="outcome" defaultValue={values.outcome ?? ''}>
          {OUTCOMES.map(([v, l]) => (
            <option key={v} value={v}>
              {l}
            </option>
          ))}
        </select>
      </label>
      <div className="oplog-filter-actions">
        <button className="btn btn-primary btn-sm" type="submit">
          Apply filters
        </button>
        <a className="btn btn-secondary btn-sm" href="/operations">
          Clear
        </a>
      </div>
    </form>
  );
}

import Link from 'next/link';
import { formatDateTime } from '@/app/_components/format';
import type { OperationView } from '@/lib/operations/list-operations';

const OUTCOME_LABEL: Record<string, string> = { ok: 'OK', refused: 'Refused', error: 'Error' };

function kindLabel(kind: string): string {
  return kind === 'api_key' ? 'API key' : kind.charAt(0).toUpperCase() + kind.slice(1);
}

function actorLabel(a: OperationView['actor']): string {
  return a.name ? a.name : a.id ? `${kindLabel(a.kind)} ${a.id}` : kindLabel(a.kind);
}

function Target({ target }: { target: OperationView['target'] }) {
  if (!target) return <span className="muted">—</span>;
  const label = `${target.type} ${target.id ?? ''}`.trim();
  if (target.type === 'request' && target.id && /^[0-9a-f-]{36}$/.test(target.id)) {
    return (
      <Link href={`/requests/${target.id}`} className="mono">
        {label}
      </Link>
    );
  }
  return <span className="mono">{label}</span>;
}

/** Text from clients (user agents, names, target ids) is rendered as React text: always escaped. */
export function OperationsTable({ operations, filtered }: { operations: OperationView[]; filtered: boolean }) {
  if (operations.length === 0) {
    return (
      <div className="empty">
        <p>{filtered ? 'No operations match these filters.' : 'Nothing has been recorded yet.'}</p>
      </div>
    );
  }
  return (
    <table className="list oplog-table" data-testid="operations-table">
      <thead>
        <tr>
          <th className="hide-sm">Time</th>
          <th>Action</th>
          <th className="hide-sm">Actor</th>
          <th>Outcome</th>
          <th className="hide-sm">Client</th>
        </tr>
      </thead>
      <tbody>
        {operations.map((op) => (
          <tr key={op.id} data-testid="operation-row">
            <td className="small hide-sm oplog-time">{formatDateTime(op.at)}</td>
            <td>
              <div className="oplog-action">{op.action}</div>
              <div className="small muted oplog-target">
                <Target target={op.target} />
              </div>
              <div className="small muted show-sm">
                {actorLabel(op.actor)} · {formatDateTime(op.at)}
              </div>
            </td>
            <td className="hide-sm">
              <div>{actorLabel(op.actor)}</div>
              {(op.actor.name || op.actor.id) && <div className="small muted">{kindLabel(op.actor.kind)}</div>}
            </td>
            <td>
              <span className={`badge oplog-${op.outcome}`}>{OUTCOME_LABEL[op.outcome] ?? op.outcome}</span>
              {op.errorCode && <div className="small muted mono oplog-code">{op.errorCode}</div>}
            </td>
            <td className="small hide-sm oplog-client">
              <div className="mono">{op.ip ?? '—'}</div>
              <div className="muted oplog-ua" title={op.userAgent ?? undefined} data-testid="operation-ua">
                {op.userAgent ?? '—'}
              </div>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

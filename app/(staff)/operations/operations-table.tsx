import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { getFormat } from '@/app/_components/server-format';
import { describeUserAgent } from '@/lib/operations/describe-user-agent';
import type { OperationView } from '@/lib/operations/list-operations';
import type { TargetLabel } from '@/lib/operations/target-labels';

type T = Awaited<ReturnType<typeof getTranslations<'ops'>>>;

function kindLabel(t: T, kind: string): string {
  return t.has(`kind.${kind}`) ? t(`kind.${kind}`) : kind;
}

function actorLabel(t: T, a: OperationView['actor']): string {
  return a.name ? a.name : a.id ? `${kindLabel(t, a.kind)} ${a.id}` : kindLabel(t, a.kind);
}

function Target({ target, t, labels }: { target: OperationView['target']; t: T; labels: Map<string, TargetLabel> }) {
  if (!target) return <span className="muted">—</span>;
  const type = t.has(`target.${target.type}`) ? t(`target.${target.type}`) : target.type;
  const known = target.id ? labels.get(target.id) : undefined;
  const label = known ? `${type} · ${known.label}` : `${type} ${target.id ?? ''}`.trim();
  const href = known?.href ?? (target.type === 'request' && target.id && /^[0-9a-f-]{36}$/.test(target.id) ? `/requests/${target.id}` : undefined);
  if (href) {
    return (
      <Link href={href} className={known ? undefined : 'mono'} title={target.id ?? undefined} data-target-id={target.id ?? undefined}>
        {label}
      </Link>
    );
  }
  return (
    <span className={known ? undefined : 'mono'} title={target.id ?? undefined} data-target-id={target.id ?? undefined}>
      {label}
    </span>
  );
}

/** The actor's name; a staff member links to the log filtered to them, the id on hover. */
function Actor({ actor, t, labels }: { actor: OperationView['actor']; t: T; labels: Map<string, TargetLabel> }) {
  const known = actor.kind === 'staff' && actor.id ? labels.get(actor.id) : undefined;
  if (!known?.href) return <>{actorLabel(t, actor)}</>;
  return (
    <Link href={known.href} title={actor.id ?? undefined} data-actor-id={actor.id ?? undefined}>
      {actor.name ?? known.label}
    </Link>
  );
}

/** Text from clients (user agents, names, target ids) is rendered as React text: always escaped. */
export async function OperationsTable({ operations, filtered, labels }: { operations: OperationView[]; filtered: boolean; labels: Map<string, TargetLabel> }) {
  const t = await getTranslations('ops');
  const f = await getFormat();
  if (operations.length === 0) {
    return (
      <div className="empty">
        <p>{filtered ? t('noMatch') : t('nothing')}</p>
      </div>
    );
  }
  return (
    <table className="list oplog-table" data-testid="operations-table">
      <thead>
        <tr>
          <th className="hide-sm">{t('time')}</th>
          <th>{t('action')}</th>
          <th className="hide-sm">{t('actor')}</th>
          <th>{t('outcome')}</th>
          <th className="hide-sm">{t('client')}</th>
        </tr>
      </thead>
      <tbody>
        {operations.map((op) => (
          <tr key={op.id} data-testid="operation-row" data-action={op.action}>
            <td className="small hide-sm oplog-time">{f.dateTime(op.at, { withZone: true, seconds: true })}</td>
            <td>
              <div className="oplog-action" title={op.action}>
                {t.has(`actions.${op.action}`) ? t(`actions.${op.action}`) : op.action}
              </div>
              <div className="small muted oplog-target">
                <Target target={op.target} t={t} labels={labels} />
              </div>
              <div className="small muted show-sm">
                <Actor actor={op.actor} t={t} labels={labels} /> · {f.dateTime(op.at, { withZone: true })}
              </div>
            </td>
            <td className="hide-sm">
              <div>
                <Actor actor={op.actor} t={t} labels={labels} />
              </div>
              {(op.actor.name || op.actor.id) && <div className="small muted">{kindLabel(t, op.actor.kind)}</div>}
            </td>
            <td>
              <span className={`badge oplog-${op.outcome}`}>{t.has(`result.${op.outcome}`) ? t(`result.${op.outcome}`) : op.outcome}</span>
              {op.errorCode && <div className="small muted mono oplog-code">{op.errorCode}</div>}
            </td>
            <td className="small hide-sm oplog-client">
              <div className="mono">{op.ip ?? '—'}</div>
              <div className="muted oplog-ua" title={op.userAgent ?? undefined} data-testid="operation-ua">
                {describeUserAgent(op.userAgent) ?? op.userAgent ?? '—'}
              </div>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

import { getTranslations } from 'next-intl/server';
import type { BackupStatus } from '@/lib/backup/backup-status';
import { getFormat } from './server-format';

const HOUR = 3_600_000;

/** The Admin page's backup card: the schedule (or how to set one up) and the last attempt's outcome. */
export async function BackupCard({ status }: { status: BackupStatus }) {
  const t = await getTranslations('backup');
  const f = await getFormat();
  const { schedule, last } = status;
  const period = (ms: number): string =>
    ms % (24 * HOUR) === 0 ? t('days', { n: ms / (24 * HOUR) }) : ms % HOUR === 0 ? t('hours', { n: ms / HOUR }) : t('minutes', { n: ms / 60_000 });
  const badge = last?.status === 'ok' ? 'badge-signed' : last?.status === 'failed' ? 'badge-declined' : 'badge-opened';
  return (
    <div className="card" data-testid="backup-card">
      <div className="cert-status-head">
        <h2 className="card-title">{t('title')}</h2>
        {last && (
          <span className={`badge ${badge}`} data-testid="backup-status" data-status={last.status}>
            {last.status === 'ok' ? t('lastOk') : last.status === 'failed' ? t('lastFailed') : t('running')}
          </span>
        )}
      </div>
      {schedule ? (
        <p className="muted small">{t('scheduled', { every: period(schedule.everyMs), dir: schedule.dir, keep: schedule.keep })}</p>
      ) : (
        <p className="muted small">
          {t('notScheduled')} <code>BACKUP_DIR</code> · <code>BACKUP_EVERY</code> · <code>BACKUP_KEEP</code> · <code>BACKUP_PASSPHRASE</code> · <code>npm run backup -- --out FILE</code>
        </p>
      )}
      {last ? (
        <dl className="kv kv-stack-sm">
          <dt>{t('lastAttempt')}</dt>
          <dd>
            {f.dateTime(last.startedAt, { withZone: true })} · {last.trigger === 'schedule' ? t('bySchedule') : t('byCli')}
          </dd>
          {last.status === 'ok' && (
            <>
              <dt>{t('size')}</dt>
              <dd>{t('sizeValue', { size: f.bytes(last.bytes ?? 0), documents: last.blobs ?? 0 })}</dd>
              <dt>{t('file')}</dt>
              <dd className="mono small">{last.file}</dd>
            </>
          )}
          {last.status === 'failed' && (
            <>
              <dt>{t('whatHappened')}</dt>
              <dd>
                {t('failedHelp')}
                <div className="mono small muted">{last.error}</div>
              </dd>
            </>
          )}
        </dl>
      ) : (
        <p className="small">{t('none')}</p>
      )}
    </div>
  );
}

import type { BackupStatus } from '@/lib/backup/backup-status';
import { formatBytes, formatDateTime } from './format';

const HOUR = 3_600_000;
const period = (ms: number): string => (ms % (24 * HOUR) === 0 ? `${ms / (24 * HOUR)} d` : ms % HOUR === 0 ? `${ms / HOUR} h` : `${ms / 60_000} min`);

/** The Admin page's backup card: the schedule (or how to set one up) and the last attempt's outcome. */
export function BackupCard({ status }: { status: BackupStatus }) {
  const { schedule, last } = status;
  return (
    <div className="card" data-testid="backup-card">
      <div className="cert-status-head">
        <h2 style={{ margin: 0, fontSize: '1.05rem' }}>Backups</h2>
        {last && (
          <span className={`badge ${last.status === 'ok' ? 'badge-signed' : last.status === 'failed' ? 'badge-declined' : 'badge-opened'}`} data-testid="backup-status">
            {last.status === 'ok' ? 'Last backup succeeded' : last.status === 'failed' ? 'Last backup failed' : 'Backup running'}
          </span>
        )}
      </div>
      {schedule ? (
        <p className="muted small">
          Every {period(schedule.everyMs)} into <code>{schedule.dir}</code>, keeping the newest {schedule.keep}. Encrypted with BACKUP_PASSPHRASE: keep it somewhere other than this server.
        </p>
      ) : (
        <p className="muted small">
          No scheduled backups. Set <code>BACKUP_DIR</code>, <code>BACKUP_EVERY</code>, <code>BACKUP_KEEP</code> and <code>BACKUP_PASSPHRASE</code>, or run <code>npm run backup -- --out FILE</code> from cron.
        </p>
      )}
      {last ? (
        <dl className="kv">
          <dt>Last attempt</dt>
          <dd>
            {formatDateTime(last.startedAt.toISOString())} ({last.trigger === 'schedule' ? 'scheduled' : 'from the command line'})
          </dd>
          {last.status === 'ok' && (
            <>
              <dt>Size</dt>
              <dd>
                {formatBytes(last.bytes ?? 0)} · {last.blobs ?? 0} documents
              </dd>
              <dt>File</dt>
              <dd className="mono small">{last.file}</dd>
            </>
          )}
          {last.status === 'failed' && (
            <>
              <dt>What happened</dt>
              <dd>
                The backup could not be written and no partial file was kept. The operation log has the entry. Detail for support:
                <div className="mono small">{last.error}</div>
              </dd>
            </>
          )}
        </dl>
      ) : (
        <p className="small">No backup has been made yet.</p>
      )}
    </div>
  );
}

import type { Context } from '../context';
import { lastBackup, type BackupRow } from './backup-store';

export interface BackupStatus {
  /** The server's own schedule, or null when BACKUP_DIR is unset. */
  schedule: { dir: string; everyMs: number; keep: number } | null;
  last: Pick<BackupRow, 'startedAt' | 'finishedAt' | 'status' | 'trigger' | 'file' | 'bytes' | 'blobs' | 'error'> | null;
}

/** What the Admin page shows about backups: the schedule and the newest attempt, scheduled or by hand. */
export async function backupStatus(ctx: Context): Promise<BackupStatus> {
  const s = ctx.config.backup;
  return { schedule: s ? { dir: s.dir, everyMs: s.everyMs, keep: s.keep } : null, last: await lastBackup(ctx) };
}

import type { Context } from '../context';
import { isAppError } from '../errors';
import type { Actor } from '../auth/actor';
import { recordOperation } from '../operations/record-operation';
import { recordBackupEnd, recordBackupStart } from './backup-store';
import { createBackup, type BackupResult, type CreateBackupOptions } from './create-backup';

const SYSTEM: Actor = { kind: 'system', name: 'backup' };

/**
 * createBackup with its bookkeeping: a backups row (the Admin page shows the last one) and an
 * operation-log entry by the system actor, for a failure as for a success.
 */
export async function runBackup(ctx: Context, options: CreateBackupOptions & { trigger: 'schedule' | 'cli' }): Promise<BackupResult> {
  const id = await recordBackupStart(ctx, options.trigger);
  try {
    const result = await createBackup(ctx, options);
    await recordBackupEnd(ctx, id, { status: 'ok', file: result.file, bytes: result.bytes, blobs: result.manifest.blobs.length, error: null });
    await recordOperation(ctx, { action: 'backup.create', actor: SYSTEM, target: { type: 'backup', id }, outcome: 'ok', details: { file: result.file, bytes: result.bytes, trigger: options.trigger } });
    return result;
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    await recordBackupEnd(ctx, id, { status: 'failed', file: options.out, bytes: null, blobs: null, error: message.slice(0, 1000) });
    await recordOperation(ctx, {
      action: 'backup.create',
      actor: SYSTEM,
      target: { type: 'backup', id },
      outcome: 'error',
      errorCode: isAppError(e) ? e.code : 'BACKUP_FAILED',
      details: { file: options.out, trigger: options.trigger, error: message.slice(0, 500) },
    });
    throw e;
  }
}

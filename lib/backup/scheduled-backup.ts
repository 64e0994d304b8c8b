import { readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { desc, eq } from 'drizzle-orm';
import { schema } from '@/db/client';
import type { Context } from '../context';
import { runBackup } from './run-backup';

const PREFIX = 'signet-backup-';
const SUFFIX = '.age';

/** File name of a scheduled backup: sortable by time, e.g. signet-backup-2026-12-03T04-00-00Z.age. */
export function scheduledBackupName(at: Date): string {
  return `${PREFIX}${at.toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/:/g, '-')}${SUFFIX}`;
}

export type ScheduledOutcome = { ran: false; dueAt: Date } | { ran: true; file: string; removed: string[] };

/**
 * Makes the scheduled backup when one is due (BACKUP_EVERY after the last scheduled attempt, by any
 * instance: the schedule survives restarts and several instances do not each make one), then keeps
 * only the newest BACKUP_KEEP files. A failure is recorded (backups row, operation log) and thrown.
 */
export async function runScheduledBackup(ctx: Context, options: { scryptWorkFactor?: number } = {}): Promise<ScheduledOutcome> {
  const settings = ctx.config.backup;
  if (!settings) throw new Error('expected BACKUP_DIR to be set for scheduled backups');
  const [last] = await ctx.db
    .select({ startedAt: schema.backups.startedAt })
    .from(schema.backups)
    .where(eq(schema.backups.trigger, 'schedule'))
    .orderBy(desc(schema.backups.startedAt))
    .limit(1);
  const now = ctx.clock.now();
  if (last && now.getTime() - last.startedAt.getTime() < settings.everyMs) return { ran: false, dueAt: new Date(last.startedAt.getTime() + settings.everyMs) };
  const file = path.join(settings.dir, scheduledBackupName(now));
  await runBackup(ctx, { out: file, passphrase: settings.passphrase, trigger: 'schedule', scryptWorkFactor: options.scryptWorkFactor });
  return { ran: true, file, removed: await rotate(settings.dir, settings.keep) };
}

/** Removes all but the newest `keep` scheduled backups in dir (names sort by time); never other files. */
async function rotate(dir: string, keep: number): Promise<string[]> {
  const ours = (await readdir(dir)).filter((n) => n.startsWith(PREFIX) && n.endsWith(SUFFIX)).sort();
  const old = ours.slice(0, Math.max(0, ours.length - keep)).map((n) => path.join(dir, n));
  for (const f of old) await rm(f, { force: true });
  return old;
}

/** Checks every minute whether a scheduled backup is due; failures are logged, never fatal. */
export function startBackupSchedule(ctx: Context): void {
  if (!ctx.config.backup) return;
  let running = false;
  const tick = () => {
    if (running) return;
    running = true;
    runScheduledBackup(ctx)
      .then((r) => r.ran && console.log(`[signet] scheduled backup written: ${r.file}${r.removed.length ? ` (removed ${r.removed.length} old)` : ''}`))
      .catch((e: unknown) => console.error('[signet] scheduled backup failed (see the Admin page and the operation log)', e))
      .finally(() => (running = false));
  };
  tick();
  setInterval(tick, 60_000).unref();
}

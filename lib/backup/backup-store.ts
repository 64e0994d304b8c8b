import { desc, eq } from 'drizzle-orm';
import { schema } from '@/db/client';
import type { Context } from '../context';

export type BackupRow = typeof schema.backups.$inferSelect;

export async function recordBackupStart(ctx: Context, trigger: 'schedule' | 'cli'): Promise<string> {
  const id = ctx.random.uuid();
  await ctx.db.insert(schema.backups).values({ id, startedAt: ctx.clock.now(), trigger, status: 'running' });
  return id;
}

export async function recordBackupEnd(ctx: Context, id: string, end: Pick<BackupRow, 'status' | 'file' | 'bytes' | 'blobs' | 'error'>): Promise<void> {
  await ctx.db.update(schema.backups).set({ ...end, finishedAt: ctx.clock.now() }).where(eq(schema.backups.id, id));
}

/** The newest backup attempt, or null when none was ever made. */
export async function lastBackup(ctx: Context): Promise<BackupRow | null> {
  const [row] = await ctx.db.select().from(schema.backups).orderBy(desc(schema.backups.startedAt)).limit(1);
  return row ?? null;
}

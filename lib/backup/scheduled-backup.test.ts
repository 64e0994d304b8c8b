import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '@/db/client';
import { parseConfig } from '@/lib/env';
import { createTestContext, uploadAndRequest, type TestContext } from '@/test/support/context';
import { lastBackup } from './backup-store';
import { runScheduledBackup, scheduledBackupName } from './scheduled-backup';

const HOUR = 3_600_000;
const FAST = { scryptWorkFactor: 10 };

describe('scheduled backups (BACKUP_DIR, BACKUP_EVERY, BACKUP_KEEP)', () => {
  let ctx: TestContext;
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'signet-scheduled-'));
    ctx = await createTestContext({ BACKUP_DIR: dir, BACKUP_EVERY: '24h', BACKUP_KEEP: '2', BACKUP_PASSPHRASE: 'a long enough passphrase' });
    await uploadAndRequest(ctx);
  }, 60_000);
  afterAll(async () => {
    await ctx?.dispose();
    await rm(dir, { recursive: true, force: true });
  });

  it('writes one when due, waits BACKUP_EVERY for the next, and keeps only the newest BACKUP_KEEP', async () => {
    await writeFile(path.join(dir, 'notes.txt'), 'an operator file that rotation must never touch');
    const first = await runScheduledBackup(ctx, FAST);
    expect(first).toMatchObject({ ran: true, file: path.join(dir, scheduledBackupName(ctx.clock.now())) });

    ctx.clock.advance(23 * HOUR);
    expect(await runScheduledBackup(ctx, FAST)).toMatchObject({ ran: false });

    for (let i = 0; i < 3; i++) {
      ctx.clock.advance(24 * HOUR);
      expect((await runScheduledBackup(ctx, FAST)).ran).toBe(true);
    }

    const files = (await readdir(dir)).sort();
    expect(files).toHaveLength(3);
    expect(files).toContain('notes.txt');
    expect(files.filter((f) => f.endsWith('.age'))).toEqual([scheduledBackupName(new Date(ctx.clock.now().getTime() - 24 * HOUR)), scheduledBackupName(ctx.clock.now())]);
    expect(await lastBackup(ctx)).toMatchObject({ status: 'ok', trigger: 'schedule' });
  });

  it('records a failed backup on the backups row and in the operation log', async () => {
    const broken = await createTestContext({ BACKUP_DIR: path.join(dir, 'notes.txt', 'not-a-directory'), BACKUP_PASSPHRASE: 'a long enough passphrase' });
    try {
      await expect(runScheduledBackup(broken, FAST)).rejects.toThrow();

      const last = await lastBackup(broken);
      expect(last).toMatchObject({ status: 'failed', trigger: 'schedule' });
      expect(last!.error).toMatch(/ENOTDIR|not a directory/);
      const logged = await broken.db
        .select()
        .from(schema.operations)
        .where(and(eq(schema.operations.action, 'backup.create'), eq(schema.operations.targetId, last!.id)));
      expect(logged).toMatchObject([{ outcome: 'error', actorKind: 'system', actorName: 'backup' }]);
    } finally {
      await broken.dispose();
    }
  });

  it('refuses a schedule without a passphrase, a bad period or a bad count, naming each setting', () => {
    expect(() => parseConfig({ BACKUP_DIR: dir })).toThrow(/BACKUP_PASSPHRASE: expected at least 12 characters/);
    expect(() => parseConfig({ BACKUP_DIR: dir, BACKUP_PASSPHRASE: 'a long enough passphrase', BACKUP_EVERY: 'daily' })).toThrow(/BACKUP_EVERY: expected a period such as 30m, 24h or 7d/);
    expect(() => parseConfig({ BACKUP_DIR: dir, BACKUP_PASSPHRASE: 'a long enough passphrase', BACKUP_KEEP: '0' })).toThrow(/BACKUP_KEEP: expected how many backups to keep/);
    expect(() => parseConfig({ BACKUP_KEEP: '3' })).toThrow(/BACKUP_KEEP: only means something with BACKUP_DIR/);
  });
});

import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '@/db/client';
import { auditLedger } from '@/lib/audit/audit-ledger';
import { createContext } from '@/lib/context';
import { parseConfig } from '@/lib/env';
import { getEvidence } from '@/lib/evidence/get-evidence';
import { verifyBundle } from '@/lib/evidence/verify-countersignature-member';
import { createTempDatabase, TEST_ORIGIN, TEST_RP_ID, testDatabaseUrl } from '@/test/support/context';
import { FIXTURE_PASSPHRASE } from '@/test/fixtures/backup-v1/fixture';
import type { BackupManifest } from './backup-format';
import { restoreBackup } from './restore-backup';
import { rowsOf } from './sql-rows';

/** Made by the backup code as it was before its cipher moved to node:crypto (test/fixtures/backup-v1/make-fixture.ts). */
const FIXTURE = path.join(__dirname, '..', '..', 'test', 'fixtures', 'backup-v1');

for (const backend of ['pglite', 'postgres'] as const) {
  const run = backend === 'pglite' || testDatabaseUrl() ? describe : describe.skip;
  run(`restoring an archive an earlier version wrote (${backend})`, () => {
    let work: string;
    let manifest: BackupManifest;
    const drops: (() => Promise<void>)[] = [];
    beforeAll(async () => {
      work = await mkdtemp(path.join(os.tmpdir(), 'signet-old-backup-'));
      manifest = JSON.parse(await readFile(path.join(FIXTURE, 'manifest.json'), 'utf8')) as BackupManifest;
    });
    afterAll(async () => {
      for (const drop of drops) await drop();
      await rm(work, { recursive: true, force: true });
    });

    it('restores it: every row and blob, a clean audit, evidence that verifies', async () => {
      const env: Record<string, string> = { ORIGIN: TEST_ORIGIN, RP_ID: TEST_RP_ID, DATA_DIR: path.join(work, `target-${randomBytes(4).toString('hex')}`) };
      if (backend === 'postgres') {
        const db = await createTempDatabase();
        drops.push(db.drop);
        env.DATABASE_URL = db.url;
      }
      const config = parseConfig(env);
      const here = migrationsOfThisVersion();
      if (here.join() !== manifest.migrations.join()) {
        // A later migration makes the fixture another version's archive: restore must say so (then
        // restore it with the version that made it, as docs/operations.md says, and make a new fixture).
        await expect(restoreBackup(config, { file: path.join(FIXTURE, 'signet.backup'), passphrase: FIXTURE_PASSPHRASE })).rejects.toMatchObject({ code: 'BACKUP_INCOMPATIBLE' });
        return;
      }

      const result = await restoreBackup(config, { file: path.join(FIXTURE, 'signet.backup'), passphrase: FIXTURE_PASSPHRASE });

      expect(result.rows).toBe(manifest.tables.reduce((n, t) => n + t.rows, 0));
      expect(result.blobs).toBe(manifest.blobs.length);
      const big = manifest.blobs.find((b) => b.size > 64 * 1024)!;
      const bytes = await readFile(path.join(config.dataDir, 'blobs', big.sha256.slice(0, 2), big.sha256.slice(2, 4), big.sha256));
      expect(createHash('sha256').update(bytes).digest('hex')).toBe(big.sha256);
      const ctx = await createContext({ config, database: await openDatabase({ url: config.databaseUrl, dataDir: config.databaseUrl ? undefined : config.dataDir }) });
      try {
        expect((await auditLedger(ctx)).discrepancies).toEqual([]);
        const records = await rowsOf<{ id: string }>(ctx.db, sql`SELECT id FROM signature_records`);
        expect(records).toHaveLength(1);
        const report = await verifyBundle(await getEvidence(ctx, records[0]!.id));
        expect(report.checks.filter((c) => !c.ok)).toEqual([]);
      } finally {
        await ctx.database.close();
      }
    }, 180_000);
  });
}

/** The migrations this version applies, hashed as drizzle's migrator records them. */
function migrationsOfThisVersion(): string[] {
  return readMigrationFiles({ migrationsFolder: path.join(__dirname, '..', '..', 'db', 'migrations') }).map((m) => m.hash);
}

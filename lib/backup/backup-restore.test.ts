import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, stat, truncate, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '@/db/client';
import { auditLedger } from '@/lib/audit/audit-ledger';
import { createContext, type Context } from '@/lib/context';
import { parseConfig } from '@/lib/env';
import { getEvidence } from '@/lib/evidence/get-evidence';
import { verifyBundle } from '@/lib/evidence/verify-countersignature-member';
import { beginSigning } from '@/lib/signing/begin-signing';
import { completeSigning } from '@/lib/signing/complete-signing';
import { finishRegistration } from '@/lib/signing/finish-registration';
import { createTempDatabase, createTestContext, TEST_ORIGIN, TEST_RP_ID, testDatabaseUrl, upload, uploadAndRequest, type TestContext } from '@/test/support/context';
import { SoftAuthenticator } from '@/test/support/soft-authenticator';
import { lastBackup } from './backup-store';
import { createBackup } from './create-backup';
import { restoreBackup } from './restore-backup';
import { runBackup } from './run-backup';
import { rowsOf } from './sql-rows';
import { tableOrder } from './table-order';

const PASSPHRASE = 'correct horse battery staple';
/** A low scrypt cost keeps the suite fast; the format and checks are the same as at the default. */
const FAST = { scryptWorkFactor: 10 };

async function sign(ctx: Context, document: string): Promise<string> {
  const { token } = await uploadAndRequest(ctx, document);
  const passkey = new SoftAuthenticator({ origin: TEST_ORIGIN, rpId: TEST_RP_ID });
  await finishRegistration(ctx, token, passkey.register((await beginSigning(ctx, token)).options.challenge));
  const begin = await beginSigning(ctx, token);
  const done = await completeSigning(ctx, token, passkey.assert(begin.options.challenge), { ip: null, userAgent: null });
  return done.recordId;
}

/** Every table as row_to_json text, sorted: two databases with equal dumps hold the same bytes. */
async function dumpAll(ctx: Context): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const t of await tableOrder(ctx.db)) {
    out[t] = (await rowsOf<{ j: string }>(ctx.db, sql`SELECT row_to_json(x)::text AS j FROM ${sql.identifier(t)} x`)).map((r) => r.j).sort();
  }
  return out;
}

async function listing(dir: string): Promise<string[]> {
  return (await readdir(dir, { recursive: true }).catch(() => [] as string[])).sort();
}

for (const backend of ['pglite', 'postgres'] as const) {
  const run = backend === 'pglite' || testDatabaseUrl() ? describe : describe.skip;
  run(`backup and restore (${backend})`, () => {
    let source: TestContext;
    let work: string;
    let archive: string;
    let recordIds: string[];
    const drops: (() => Promise<void>)[] = [];

    /** A fresh, empty restore target: a DATA_DIR that does not exist yet and, on PostgreSQL, an empty database. */
    const target = async () => {
      const dataDir = path.join(work, `target-${randomBytes(4).toString('hex')}`);
      const env: Record<string, string> = { ORIGIN: TEST_ORIGIN, RP_ID: TEST_RP_ID, DATA_DIR: dataDir };
      if (backend === 'postgres') {
        const db = await createTempDatabase();
        drops.push(db.drop);
        env.DATABASE_URL = db.url;
      }
      return parseConfig(env);
    };
    const openTarget = async (config: ReturnType<typeof parseConfig>) => {
      const database = await openDatabase({ url: config.databaseUrl, dataDir: config.databaseUrl ? undefined : config.dataDir });
      return createContext({ config, database });
    };

    beforeAll(async () => {
      work = await mkdtemp(path.join(os.tmpdir(), 'signet-backup-test-'));
      source = await createTestContext({}, { postgres: backend === 'postgres' });
      recordIds = [await sign(source, '%PDF-1.4 first contract'), await sign(source, '%PDF-1.4 第二份合同')];
      await upload(source, '%PDF-1.4 uploaded, never requested');
      archive = path.join(work, 'signet.backup');
      await runBackup(source, { out: archive, passphrase: PASSPHRASE, trigger: 'cli', ...FAST });
    }, 120_000);
    afterAll(async () => {
      await source?.dispose();
      for (const drop of drops) await drop();
      await rm(work, { recursive: true, force: true });
    });

    it('restores into an empty target: the same rows byte for byte, every blob, a clean audit, verifying evidence', async () => {
      const config = await target();

      const result = await restoreBackup(config, { file: archive, passphrase: PASSPHRASE });

      expect(result.blobs).toBe(3);
      const restored = await openTarget(config);
      try {
        const before = await dumpAll(source);
        delete before.backups; // the backup history stays with the installation that made it
        // and the log entry of this backup was written after its snapshot:
        before.operations = before.operations!.filter((o) => !o.includes('"action":"backup.create"'));
        const after = await dumpAll(restored);
        expect(after.backups).toEqual([]);
        delete after.backups;
        expect(Object.keys(after).length).toBeGreaterThan(20);
        expect(after).toEqual(before);
        const audit = await auditLedger(restored);
        expect(audit.discrepancies).toEqual([]);
        expect(audit.documents).toBe(3);
        for (const id of recordIds) {
          const report = await verifyBundle(await getEvidence(restored, id));
          expect(report.checks.filter((c) => !c.ok)).toEqual([]);
        }
      } finally {
        await restored.database.close();
      }
      expect(await readFile(path.join(config.dataDir, 'master.key'))).toEqual(await readFile(path.join(source.config.dataDir, 'master.key')));
      expect((await stat(path.join(config.dataDir, 'master.key'))).mode & 0o777).toBe(0o600);
    });

    it('records the backup: a backups row and an operation-log entry', async () => {
      const last = await lastBackup(source);
      expect(last).toMatchObject({ status: 'ok', trigger: 'cli', file: archive, blobs: 3 });
      expect(last!.bytes).toBe((await stat(archive)).size);
    });

    it('refuses to restore into a target that is not empty, changing nothing', async () => {
      const config = await target();
      await restoreBackup(config, { file: archive, passphrase: PASSPHRASE });
      const before = await listing(config.dataDir);

      await expect(restoreBackup(config, { file: archive, passphrase: PASSPHRASE })).rejects.toMatchObject({ code: 'RESTORE_TARGET_NOT_EMPTY' });

      expect(await listing(config.dataDir)).toEqual(before);
    });

    it('refuses a wrong passphrase and leaves the target as it was', async () => {
      const config = await target();

      await expect(restoreBackup(config, { file: archive, passphrase: 'not the passphrase at all' })).rejects.toMatchObject({ code: 'BACKUP_PASSPHRASE_WRONG' });

      expect(await listing(config.dataDir)).toEqual([]);
    });

    it('refuses an archive with one flipped byte and keeps nothing of it', async () => {
      const bytes = await readFile(archive);
      const flipped = path.join(work, 'flipped.backup');
      bytes[Math.floor(bytes.length * 0.6)]! ^= 0x01;
      await writeFile(flipped, bytes);
      const config = await target();

      await expect(restoreBackup(config, { file: flipped, passphrase: PASSPHRASE })).rejects.toMatchObject({ code: 'BACKUP_CORRUPT' });

      expect(await listing(config.dataDir)).toEqual([]);
      if (config.databaseUrl) {
        const check = await openTarget(config);
        expect((await dumpAll(check)).documents).toEqual([]);
        await check.database.close();
      }
    });

    it('refuses a truncated archive and keeps nothing of it', async () => {
      const cut = path.join(work, 'cut.backup');
      await writeFile(cut, await readFile(archive));
      await truncate(cut, (await stat(cut)).size - 100);
      const config = await target();

      await expect(restoreBackup(config, { file: cut, passphrase: PASSPHRASE })).rejects.toMatchObject({ code: 'BACKUP_CORRUPT' });

      expect(await listing(config.dataDir)).toEqual([]);
    });

    it('refuses a missing or short passphrase before reading anything', async () => {
      await expect(createBackup(source, { out: path.join(work, 'x'), passphrase: 'short' })).rejects.toMatchObject({ code: 'BACKUP_PASSPHRASE_REQUIRED' });
      await expect(restoreBackup(await target(), { file: archive, passphrase: '' })).rejects.toMatchObject({ code: 'BACKUP_PASSPHRASE_REQUIRED' });
    });

    it('keeps a blob that was altered in the store as found, so the restored audit reports the same tampering', async () => {
      const tampered = await upload(source, '%PDF-1.4 a document someone will alter on disk');
      const file = source.blobs.pathOf(tampered.sha256);
      await writeFile(file, '%PDF-1.4 altered behind Signet\'s back');
      const before = (await auditLedger(source)).discrepancies;
      expect(before.map((d) => d.subject)).toContain(`document ${tampered.id}`);
      const out = path.join(work, 'tampered.backup');
      const made = await createBackup(source, { out, passphrase: PASSPHRASE, ...FAST });
      expect(made.manifest.blobs.filter((b) => b.damaged)).toEqual([{ sha256: tampered.sha256, size: expect.any(Number), damaged: true }]);
      const config = await target();

      await restoreBackup(config, { file: out, passphrase: PASSPHRASE });

      const restored = await openTarget(config);
      try {
        expect((await auditLedger(restored)).discrepancies).toEqual(before);
        expect(await readFile(path.join(config.dataDir, 'blobs', tampered.sha256.slice(0, 2), tampered.sha256.slice(2, 4), tampered.sha256), 'utf8')).toBe("%PDF-1.4 altered behind Signet's back");
      } finally {
        await restored.database.close();
        await writeFile(file, '%PDF-1.4 a document someone will alter on disk'); // later tests audit the source clean
      }
    });

    it('takes a consistent backup while 16 clients write: every referenced blob inside, the restored ledger audits clean', async () => {
      let writing = true;
      const writers = Array.from({ length: 16 }, async (_, i) => {
        let n = 0;
        while (writing) await uploadAndRequest(source, `%PDF-1.4 writer ${i} document ${n++} ${randomBytes(8).toString('hex')}`);
        return n;
      });
      const signer = (async () => {
        let n = 0;
        while (writing) {
          await sign(source, `%PDF-1.4 signed during the backup ${n++} ${randomBytes(8).toString('hex')}`);
        }
      })();
      const during = path.join(work, 'during.backup');
      await new Promise((r) => setTimeout(r, 200));
      const result = await createBackup(source, { out: during, passphrase: PASSPHRASE, ...FAST });
      writing = false;
      const written = await Promise.all(writers);
      await signer;
      expect(written.reduce((a, b) => a + b, 0)).toBeGreaterThan(0);

      const config = await target();
      const restored = await restoreBackup(config, { file: during, passphrase: PASSPHRASE });
      expect(restored.blobs).toBe(result.manifest.blobs.length);
      const ctx = await openTarget(config);
      try {
        const audit = await auditLedger(ctx);
        expect(audit.discrepancies).toEqual([]);
        expect(audit.documents).toBe(result.manifest.tables.find((t) => t.name === 'documents')!.rows);
      } finally {
        await ctx.database.close();
      }
    }, 180_000);
  });
}

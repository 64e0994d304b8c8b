import { createReadStream } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import type { ReadableStream as NodeWebStream } from 'node:stream/web';
import { Decrypter } from 'age-encryption';
import { sql } from 'drizzle-orm';
import { openDatabase, type Database, type Db } from '@/db/client';
import { BlobStore } from '../storage/blob-store';
import type { Config } from '../env';
import { AppError, isAppError } from '../errors';
import type { BackupManifest } from './backup-format';
import { assertPassphrase } from './passphrase';
import { readArchive, type ReadArchive } from './read-archive';
import { rowsOf } from './sql-rows';

export interface RestoreOptions {
  file: string;
  passphrase: string;
}

export interface RestoreResult {
  manifest: BackupManifest;
  rows: number;
  blobs: number;
}

/** Rows per INSERT … SELECT FROM json_populate_recordset. */
const BATCH = 500;

/**
 * Restores an archive made by createBackup into an empty DATA_DIR (and, with DATABASE_URL, an empty
 * database): refuses anything else before it writes a byte. Every table is loaded in one
 * transaction, so a wrong passphrase, a damaged or truncated archive (age authenticates every 64 KiB
 * chunk and the end of the stream) or a mismatch with this version's migrations commits nothing,
 * and whatever was written to the empty DATA_DIR is removed again.
 */
export async function restoreBackup(config: Config, options: RestoreOptions): Promise<RestoreResult> {
  assertPassphrase(options.passphrase);
  const existing = await readdir(config.dataDir).catch(() => [] as string[]);
  if (existing.length > 0) {
    throw new AppError('RESTORE_TARGET_NOT_EMPTY', `expected an empty or absent DATA_DIR to restore into; ${config.dataDir} holds ${existing.slice(0, 5).join(', ')}${existing.length > 5 ? ', …' : ''}`);
  }
  const createdDataDir = !(await readdir(path.dirname(config.dataDir)).then((names) => names.includes(path.basename(config.dataDir)), () => false));
  const spool = await mkdtemp(path.join(os.tmpdir(), 'signet-restore-'));
  let opening: Promise<Database> | null = null;
  try {
    const plain = await decrypt(options.file, options.passphrase);
    // A new embedded database (initdb, then every migration) takes seconds, mostly waiting on the
    // disk: it is opened while the archive's blobs are written, and the rows loaded once both are done.
    opening = openDatabase({ url: config.databaseUrl, dataDir: config.databaseUrl ? undefined : config.dataDir, role: 'restore' });
    opening.catch(() => {}); // awaited below; a failure meanwhile must not count as unhandled
    // PostgreSQL opens at once: refuse a database with rows before a blob is written.
    if (config.databaseUrl) await assertEmptyDatabase((await opening).db);
    const archive = await readArchive(plain, new BlobStore(path.join(config.dataDir, 'blobs')), config.dataDir, spool);
    const database = await opening;
    const rows = await database.db.transaction((tx) => loadTables(tx as unknown as Db, archive));
    opening = null;
    await database.close();
    return { manifest: archive.manifest, rows, blobs: archive.blobs };
  } catch (e) {
    const database = await opening?.catch(() => null);
    await database?.close().catch(() => {});
    // The target was empty: leave it so.
    for (const name of await readdir(config.dataDir).catch(() => [] as string[])) await rm(path.join(config.dataDir, name), { recursive: true, force: true });
    if (createdDataDir) await rm(config.dataDir, { recursive: true, force: true });
    throw isAppError(e) ? e : new AppError('BACKUP_CORRUPT', `expected an intact backup archive; reading it failed: ${(e as Error).message}`, { cause: e });
  } finally {
    await rm(spool, { recursive: true, force: true });
  }
}

async function decrypt(file: string, passphrase: string): Promise<Readable> {
  const decrypter = new Decrypter();
  decrypter.addPassphrase(passphrase);
  const source = Readable.toWeb(createReadStream(file)) as ReadableStream<Uint8Array>;
  try {
    const plain = await decrypter.decrypt(source);
    return Readable.fromWeb(plain as unknown as NodeWebStream<Uint8Array>);
  } catch (e) {
    const reason = (e as Error).message;
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new AppError('NOT_FOUND', `expected a backup archive at ${file}; there is none`);
    throw new AppError('BACKUP_PASSPHRASE_WRONG', `expected the passphrase the archive was encrypted with; its header does not open with this one, or is damaged (${reason})`);
  }
}

async function assertEmptyDatabase(db: Db): Promise<void> {
  const tables = await rowsOf<{ name: string }>(db, sql`SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public'`);
  for (const { name } of tables) {
    const [row] = await rowsOf<{ n: number }>(db, sql`SELECT count(*)::int AS n FROM ${sql.identifier(name)}`);
    if ((row?.n ?? 0) > 0) throw new AppError('RESTORE_TARGET_NOT_EMPTY', `expected an empty database to restore into; table ${name} has ${row?.n} rows`);
  }
}

/** Inserts every table's rows in the manifest's order (parents before children), in the caller's transaction. */
async function loadTables(tx: Db, archive: ReadArchive): Promise<number> {
  await assertSameMigrations(tx, archive.manifest);
  let total = 0;
  for (const t of archive.manifest.tables) {
    const file = archive.tableFiles.get(t.name);
    const rows = file ? await insertRows(tx, t.name, createReadStream(file)) : undefined;
    if (rows !== t.rows) throw new AppError('BACKUP_CORRUPT', `expected ${t.rows} rows of ${t.name} as the manifest says, the archive holds ${rows ?? 'no file with'} rows`);
    total += rows;
  }
  return total;
}

async function assertSameMigrations(tx: Db, manifest: BackupManifest): Promise<void> {
  const here = (await rowsOf<{ hash: string }>(tx, sql`SELECT hash FROM drizzle.__drizzle_migrations ORDER BY created_at, id`)).map((r) => r.hash);
  if (here.join() !== manifest.migrations.join()) {
    throw new AppError(
      'BACKUP_INCOMPATIBLE',
      `expected a backup made by this version of Signet (${here.length} migrations); it was made with ${manifest.migrations.length}: restore with the version that made it, then upgrade`,
    );
  }
}

async function insertRows(tx: Db, table: string, entry: Readable): Promise<number> {
  let batch: string[] = [];
  let count = 0;
  const flush = async () => {
    if (batch.length === 0) return;
    const json = `[${batch.join(',')}]`;
    await tx.execute(sql`INSERT INTO ${sql.identifier(table)} SELECT * FROM json_populate_recordset(NULL::${sql.identifier(table)}, ${json}::json)`);
    count += batch.length;
    batch = [];
  };
  for await (const line of createInterface({ input: entry, crlfDelay: Infinity })) {
    if (line === '') continue;
    batch.push(line);
    if (batch.length >= BATCH) await flush();
  }
  await flush();
  return count;
}

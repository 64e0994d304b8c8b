import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as NodeWebStream } from 'node:stream/web';
import { Decrypter } from 'age-encryption';
import { sql } from 'drizzle-orm';
import tar from 'tar-stream';
import { openDatabase, type Database, type Db } from '@/db/client';
import { BlobStore } from '../storage/blob-store';
import type { Config } from '../env';
import { AppError, isAppError } from '../errors';
import { BACKUP_FORMAT, MANIFEST, MASTER_KEY_ENTRY, type BackupManifest } from './backup-format';
import { assertPassphrase } from './passphrase';
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
  let database: Database | null = null;
  try {
    const plain = await decrypt(options.file, options.passphrase);
    database = await openDatabase({ url: config.databaseUrl, dataDir: config.databaseUrl ? undefined : config.dataDir, role: 'restore' });
    if (config.databaseUrl) await assertEmptyDatabase(database.db);
    const blobs = new BlobStore(path.join(config.dataDir, 'blobs'));
    const db = database.db;
    const result = await db.transaction((tx) => load(tx as unknown as Db, plain, blobs, config.dataDir));
    await database.close();
    database = null;
    return result;
  } catch (e) {
    await database?.close().catch(() => {});
    // The target was empty: leave it so.
    for (const name of await readdir(config.dataDir).catch(() => [] as string[])) await rm(path.join(config.dataDir, name), { recursive: true, force: true });
    if (createdDataDir) await rm(config.dataDir, { recursive: true, force: true });
    throw isAppError(e) ? e : new AppError('BACKUP_CORRUPT', `expected an intact backup archive; reading it failed: ${(e as Error).message}`, { cause: e });
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

async function load(tx: Db, plain: Readable, blobs: BlobStore, dataDir: string): Promise<RestoreResult> {
  const extract = tar.extract();
  plain.on('error', (e) => extract.destroy(e));
  plain.pipe(extract);
  let manifest: BackupManifest | null = null;
  const loaded = new Map<string, number>();
  let blobCount = 0;
  for await (const entry of extract) {
    const name = entry.header.name;
    if (!manifest) {
      if (name !== MANIFEST) throw new AppError('BACKUP_CORRUPT', `expected ${MANIFEST} as the archive's first entry, found ${JSON.stringify(name)}`);
      manifest = parseManifest((await bytes(Readable.from(entry as AsyncIterable<Buffer>))).toString('utf8'));
      await assertSameMigrations(tx, manifest);
      continue;
    }
    const table = /^db\/([a-z0-9_]+)\.ndjson$/.exec(name)?.[1];
    const blob = /^blobs\/([0-9a-f]{64})$/.exec(name)?.[1];
    // tar-stream entries are streamx streams: async iterable, not node:stream Readables.
    const body = Readable.from(entry as AsyncIterable<Buffer>);
    if (table && manifest.tables.some((t) => t.name === table)) loaded.set(table, await insertRows(tx, table, body));
    else if (blob && manifest.blobs.some((b) => b.sha256 === blob)) {
      if (manifest.blobs.some((b) => b.sha256 === blob && b.damaged)) await writeAsFound(blobs.pathOf(blob), body);
      else await blobs.put(body, { maxBytes: Number.MAX_SAFE_INTEGER, expectedSha256: blob });
      blobCount++;
    } else if (name === MASTER_KEY_ENTRY) {
      await mkdir(dataDir, { recursive: true });
      await writeFile(path.join(dataDir, 'master.key'), await bytes(body), { mode: 0o600, flag: 'wx' });
    } else throw new AppError('BACKUP_CORRUPT', `expected only the entries the manifest lists, found ${JSON.stringify(name)}`);
  }
  if (!manifest) throw new AppError('BACKUP_CORRUPT', 'expected a manifest; the archive is empty');
  for (const t of manifest.tables) {
    if (loaded.get(t.name) !== t.rows) throw new AppError('BACKUP_CORRUPT', `expected ${t.rows} rows of ${t.name} as the manifest says, the archive holds ${loaded.get(t.name) ?? 'no file with'} rows`);
  }
  if (blobCount !== manifest.blobs.length) throw new AppError('BACKUP_CORRUPT', `expected ${manifest.blobs.length} blobs as the manifest says, the archive holds ${blobCount}`);
  return { manifest, rows: [...loaded.values()].reduce((a, b) => a + b, 0), blobs: blobCount };
}

/** A blob the backup found altered goes back exactly as it was found (audit:verify reports it as before). */
async function writeAsFound(file: string, body: Readable): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await pipeline(body, createWriteStream(file, { flags: 'wx' }));
}

function parseManifest(body: string): BackupManifest {
  let m: BackupManifest;
  try {
    m = JSON.parse(body) as BackupManifest;
  } catch {
    throw new AppError('BACKUP_CORRUPT', 'expected manifest.json to be JSON');
  }
  if (m.format !== BACKUP_FORMAT) throw new AppError('BACKUP_INCOMPATIBLE', `expected a ${BACKUP_FORMAT} archive, got ${JSON.stringify(m.format)}`);
  return m;
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

async function bytes(entry: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of entry) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

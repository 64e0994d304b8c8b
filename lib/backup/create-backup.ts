import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { chmod, mkdtemp, open, rename, rm, stat, type FileHandle } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as NodeWebStream } from 'node:stream/web';
import { Encrypter } from 'age-encryption';
import tar from 'tar-stream';
import type { Context } from '../context';
import { AppError } from '../errors';
import { BACKUP_FORMAT, blobEntry, MANIFEST, MASTER_KEY_ENTRY, tableEntry, type BackupManifest } from './backup-format';
import { assertPassphrase } from './passphrase';
import { exportDatabase } from './export-database';

/** Read in 1 MiB pieces: age-encryption's per-chunk cost is JavaScript, so larger pieces run faster (docs/benchmarks-backup.md). */
const CHUNK = { highWaterMark: 1 << 20 };

export interface CreateBackupOptions {
  /** Where the archive goes; written as OUT.partial (mode 0600) and renamed once complete. */
  out: string;
  passphrase: string;
  /** scrypt work factor log2(N) for the passphrase (age default 18); tests may lower it. */
  scryptWorkFactor?: number;
}

export interface BackupResult {
  file: string;
  bytes: number;
  manifest: BackupManifest;
}

/**
 * One consistent, encrypted archive of the database, the document blobs and the master key file
 * (lib/backup/backup-format.ts). Works beside a running server: the database is read in one
 * REPEATABLE READ snapshot (through the owner's socket when the embedded database belongs to the
 * server), then the blobs that snapshot references, which never change once written (content
 * addressed). A blob the database references but the store lacks fails the backup, which is the
 * point of making one.
 */
export async function createBackup(ctx: Context, options: CreateBackupOptions): Promise<BackupResult> {
  assertPassphrase(options.passphrase);
  const partial = `${options.out}.partial`;
  // Open the output first: an unwritable target fails here, before any work and with a clear cause.
  let output: FileHandle;
  try {
    output = await open(partial, 'w', 0o600);
  } catch (e) {
    throw new AppError('BACKUP_FAILED', `expected to write the backup to ${options.out}; cannot create it: ${(e as Error).message}`, { cause: e });
  }
  const work = await mkdtemp(path.join(os.tmpdir(), 'signet-backup-'));
  try {
    const exported = await exportDatabase(ctx.db, work);
    const blobs: BackupManifest['blobs'] = [];
    for (const blob of exported.blobs) {
      const file = ctx.blobs.pathOf(blob.sha256);
      const found = await stat(file).catch(() => null);
      if (!found) throw new AppError('BACKUP_FAILED', `expected the blob of SHA-256 ${blob.sha256} that the database references; the store has none`);
      const intact = (await hashFile(file)) === blob.sha256;
      blobs.push(intact ? { sha256: blob.sha256, size: found.size } : { sha256: blob.sha256, size: found.size, damaged: true });
    }
    const masterKeyFile = path.join(ctx.config.dataDir, 'master.key');
    const keyStat = process.env.SIGNET_MASTER_KEY ? null : await stat(masterKeyFile).catch(() => null);
    const manifest: BackupManifest = {
      format: BACKUP_FORMAT,
      createdAt: ctx.clock.now().toISOString(),
      source: ctx.database.kind,
      migrations: exported.migrations,
      tables: exported.tables.map(({ name, rows }) => ({ name, rows })),
      blobs,
      masterKey: keyStat ? 'file' : 'environment',
    };

    const pack = tar.pack();
    const filling = (async () => {
      await addEntry(pack, MANIFEST, Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`));
      for (const t of exported.tables) await addEntry(pack, tableEntry(t.name), { size: (await stat(t.file)).size, stream: createReadStream(t.file, CHUNK) });
      for (const b of blobs) await addEntry(pack, blobEntry(b.sha256), { size: b.size, stream: createReadStream(ctx.blobs.pathOf(b.sha256), CHUNK) });
      if (keyStat) await addEntry(pack, MASTER_KEY_ENTRY, { size: keyStat.size, stream: createReadStream(masterKeyFile, CHUNK) });
      pack.finalize();
    })();
    filling.catch((e: unknown) => pack.destroy(e as Error));

    const encrypter = new Encrypter();
    encrypter.setPassphrase(options.passphrase);
    if (options.scryptWorkFactor) encrypter.setScryptWorkFactor(options.scryptWorkFactor);
    const plain = Readable.toWeb(Readable.from(pack as AsyncIterable<Buffer>)) as unknown as ReadableStream<Uint8Array>;
    const cipher = await encrypter.encrypt(plain);
    await pipeline(Readable.fromWeb(cipher as unknown as NodeWebStream<Uint8Array>), output.createWriteStream());
    await filling;
    await chmod(partial, 0o600);
    await rename(partial, options.out);
    return { file: options.out, bytes: (await stat(options.out)).size, manifest };
  } catch (e) {
    await output.close().catch(() => {});
    await rm(partial, { force: true });
    throw e;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

import { addEntry } from './tar-entries';

async function hashFile(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file, CHUNK)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

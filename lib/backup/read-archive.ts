import { createWriteStream } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import tar from 'tar-stream';
import type { BlobStore } from '../storage/blob-store';
import { AppError } from '../errors';
import { BACKUP_FORMAT, MANIFEST, MASTER_KEY_ENTRY, type BackupManifest } from './backup-format';

export interface ReadArchive {
  manifest: BackupManifest;
  /** Each table's NDJSON entry, copied to a file under the caller's spool directory. */
  tableFiles: Map<string, string>;
  blobs: number;
}

/**
 * Reads the decrypted tar of a backup (lib/backup/backup-format.ts) in one pass: checks the manifest
 * comes first, puts every blob into the store (each re-hashed against its name, except those the
 * backup recorded as damaged, which go back as found), writes the master key file, and copies each
 * table's rows to `spool` so they can be loaded once the database is open. Any entry the manifest
 * does not list, or a blob count that differs from it, is BACKUP_CORRUPT.
 */
export async function readArchive(plain: Readable, blobs: BlobStore, dataDir: string, spool: string): Promise<ReadArchive> {
  const extract = tar.extract();
  plain.on('error', (e) => extract.destroy(e));
  plain.pipe(extract);
  let manifest: BackupManifest | null = null;
  const tableFiles = new Map<string, string>();
  let blobCount = 0;
  for await (const entry of extract) {
    const name = entry.header.name;
    // tar-stream entries are streamx streams: async iterable, not node:stream Readables.
    const body = Readable.from(entry as AsyncIterable<Buffer>);
    if (!manifest) {
      if (name !== MANIFEST) throw new AppError('BACKUP_CORRUPT', `expected ${MANIFEST} as the archive's first entry, found ${JSON.stringify(name)}`);
      manifest = parseManifest((await bytes(body)).toString('utf8'));
      continue;
    }
    const table = /^db\/([a-z0-9_]+)\.ndjson$/.exec(name)?.[1];
    const blob = /^blobs\/([0-9a-f]{64})$/.exec(name)?.[1];
    const listed = blob ? manifest.blobs.find((b) => b.sha256 === blob) : undefined;
    if (table && manifest.tables.some((t) => t.name === table) && !tableFiles.has(table)) {
      const file = path.join(spool, `${table}.ndjson`);
      await pipeline(body, createWriteStream(file, { flags: 'wx', mode: 0o600 }));
      tableFiles.set(table, file);
    } else if (blob && listed) {
      if (listed.damaged) await writeAsFound(blobs.pathOf(blob), body);
      else await blobs.put(body, { maxBytes: Number.MAX_SAFE_INTEGER, expectedSha256: blob });
      blobCount++;
    } else if (name === MASTER_KEY_ENTRY) {
      await mkdir(dataDir, { recursive: true });
      await writeFile(path.join(dataDir, 'master.key'), await bytes(body), { mode: 0o600, flag: 'wx' });
    } else throw new AppError('BACKUP_CORRUPT', `expected only the entries the manifest lists, found ${JSON.stringify(name)}`);
  }
  if (!manifest) throw new AppError('BACKUP_CORRUPT', 'expected a manifest; the archive is empty');
  if (blobCount !== manifest.blobs.length) throw new AppError('BACKUP_CORRUPT', `expected ${manifest.blobs.length} blobs as the manifest says, the archive holds ${blobCount}`);
  return { manifest, tableFiles, blobs: blobCount };
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

async function bytes(entry: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of entry) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

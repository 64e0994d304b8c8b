import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream, type ReadStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AppError } from '../errors';

export interface StoredBlob {
  sha256: string;
  size: number;
}

export interface PutOptions {
  maxBytes: number;
  /** Hex SHA-256 the client claims; a mismatch keeps nothing. */
  expectedSha256?: string;
  /** Looks at the first HEAD_BYTES once all bytes are in and verified; throwing keeps nothing. */
  inspect?: (head: Uint8Array) => Promise<void> | void;
}

/** How much of the start of an upload `inspect` sees (file-type needs at most 4100 bytes). */
export const HEAD_BYTES = 4100;

const HEX_SHA256 = /^[0-9a-f]{64}$/;

/**
 * Counts and hashes bytes as they pass, failing the stream the moment it exceeds the limit so an
 * oversized upload is never written in full.
 */
export class HashingMeter extends Transform {
  readonly hash = createHash('sha256');
  size = 0;
  private readonly headChunks: Buffer[] = [];
  private headSize = 0;

  constructor(private readonly maxBytes: number) {
    super();
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    this.size += chunk.length;
    if (this.size > this.maxBytes) {
      done(new AppError('FILE_TOO_LARGE', `expected at most ${this.maxBytes} bytes, received more than that`));
      return;
    }
    this.hash.update(chunk);
    if (this.headSize < HEAD_BYTES) {
      const part = chunk.subarray(0, HEAD_BYTES - this.headSize);
      this.headChunks.push(Buffer.from(part));
      this.headSize += part.length;
    }
    done(null, chunk);
  }

  /** The first HEAD_BYTES bytes that passed (fewer for a shorter stream). */
  head(): Uint8Array {
    return Buffer.concat(this.headChunks);
  }
}

/**
 * Content-addressed storage: a blob lives at blobs/ab/cd/<sha256>. Uploads stream into tmp/ while
 * being hashed and are renamed into place only once complete and verified, so a failed or refused
 * upload leaves nothing behind and the same bytes uploaded twice are stored once.
 */
export class BlobStore {
  constructor(readonly root: string) {}

  pathOf(sha256: string): string {
    if (!HEX_SHA256.test(sha256)) throw new AppError('VALIDATION_FAILED', `expected a hex SHA-256, got "${sha256}"`);
    return path.join(this.root, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  }

  async put(source: NodeJS.ReadableStream | AsyncIterable<Uint8Array>, options: PutOptions): Promise<StoredBlob> {
    const tmpDir = path.join(this.root, 'tmp');
    await mkdir(tmpDir, { recursive: true });
    const tmp = path.join(tmpDir, randomUUID());
    const meter = new HashingMeter(options.maxBytes);
    try {
      await pipeline(source, meter, createWriteStream(tmp, { flags: 'wx', mode: 0o600, highWaterMark: 1024 * 1024 }));
      const sha256 = meter.hash.digest('hex');
      if (meter.size === 0) throw new AppError('EMPTY_FILE', 'expected a file with at least one byte, received 0 bytes');
      if (options.expectedSha256 && options.expectedSha256 !== sha256) {
        throw new AppError(
          'HASH_MISMATCH',
          `expected the bytes to hash to ${options.expectedSha256} as claimed, but they hash to ${sha256}`,
        );
      }
      await options.inspect?.(meter.head());
      const final = this.pathOf(sha256);
      await mkdir(path.dirname(final), { recursive: true });
      if (await exists(final)) await rm(tmp, { force: true });
      else await rename(tmp, final);
      return { sha256, size: meter.size };
    } catch (e) {
      await rm(tmp, { force: true });
      throw e;
    }
  }

  async has(sha256: string): Promise<boolean> {
    return exists(this.pathOf(sha256));
  }

  open(sha256: string, range?: { start: number; end: number }): ReadStream {
    return createReadStream(this.pathOf(sha256), range);
  }

  /** Re-hashes a stored blob; used to refuse a ceremony whose document changed on disk. */
  async rehash(sha256: string): Promise<string> {
    const h = createHash('sha256');
    for await (const chunk of this.open(sha256)) h.update(chunk as Buffer);
    return h.digest('hex');
  }
}

async function exists(p: string): Promise<boolean> {
  try {
    await stat(p);
    return true;
  } catch {
    return false;
  }
}

import { readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { schema } from '@/db/client';
import { AppError, type ErrorCode } from '@/lib/errors';
import { createTestContext, resetTables, sha256hex, type TestContext } from '@/test/support/context';
import { uploadDocument, type UploadDocumentInput } from './upload-document';

const MiB = 1024 * 1024;
const CHUNK = 64 * 1024;

async function expectRefused(call: Promise<unknown>, code: ErrorCode, label?: string): Promise<AppError> {
  let outcome: unknown;
  try {
    outcome = await call;
  } catch (e) {
    if (!(e instanceof AppError)) throw e;
    expect(e.code, `${label ?? 'upload'}: ${e.message}`).toBe(code);
    return e;
  }
  throw new Error(`${label ?? 'upload'}: expected ${code}, the upload succeeded with ${JSON.stringify(outcome)}`);
}

/** Every file under a directory, relative to it (directories themselves are not listed). */
async function filesUnder(root: string): Promise<string[]> {
  const out: string[] = [];
  async function walk(dir: string): Promise<void> {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw e;
    }
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) await walk(full);
      else out.push(path.relative(root, full));
    }
  }
  await walk(root);
  return out.sort();
}

/** A body that counts how many chunks the uploader pulled from it. */
function trackedBody(chunkCount: number, chunkSize = CHUNK, fill = 0x61) {
  const state = { pulled: 0 };
  async function* body(): AsyncGenerator<Uint8Array> {
    for (let i = 0; i < chunkCount; i++) {
      state.pulled++;
      yield Buffer.alloc(chunkSize, fill);
    }
  }
  return { body: body(), state };
}

function input(bytes: Buffer, overrides: Partial<UploadDocumentInput> = {}): UploadDocumentInput {
  return {
    body: (async function* () {
      yield bytes;
    })(),
    fileName: 'contract.pdf',
    mediaType: undefined,
    claimedSha256: sha256hex(bytes),
    declaredLength: bytes.length,
    ...overrides,
  };
}

describe('uploadDocument', () => {
  let ctx: TestContext;
  // One PGlite per file (booting one costs seconds); each test starts from emptied tables and an
  // empty data directory, as isolated as a new context.
  beforeAll(async () => {
    ctx = await createTestContext();
    expect(ctx.config.uploadMaxBytes).toBe(MiB);
  });
  beforeEach(async () => {
    await resetTables(ctx);
    await rm(ctx.blobs.root, { recursive: true, force: true });
    expect(await documentRows()).toEqual([]);
    expect(await filesUnder(ctx.config.dataDir)).toEqual([]);
  });
  afterAll(async () => ctx.dispose());

  const documentRows = () => ctx.db.select().from(schema.documents);
  const blobFiles = () => filesUnder(ctx.blobs.root);

  async function expectNothingStored(): Promise<void> {
    expect(await documentRows()).toEqual([]);
    expect(await blobFiles()).toEqual([]); // includes tmp/: no half-written upload either
  }

  it('stores the bytes at their SHA-256 path and records the document', async () => {
    const bytes = Buffer.from('%PDF-1.4 a real contract');
    const doc = await uploadDocument(ctx, input(bytes));

    expect(doc).toMatchObject({ sha256: sha256hex(bytes), size: bytes.length, mediaType: 'application/pdf', name: 'contract.pdf' });
    expect(await blobFiles()).toEqual([path.relative(ctx.blobs.root, ctx.blobs.pathOf(doc.sha256))]);
    expect(await readFile(ctx.blobs.pathOf(doc.sha256))).toEqual(bytes);
    expect(await documentRows()).toHaveLength(1);
  });

  it('refuses bytes that do not hash to the claimed SHA-256 (HASH_MISMATCH) and keeps nothing', async () => {
    const bytes = Buffer.from('%PDF-1.4 the bytes that arrived');
    const claimed = sha256hex('%PDF-1.4 the bytes the browser hashed');

    const e = await expectRefused(uploadDocument(ctx, input(bytes, { claimedSha256: claimed })), 'HASH_MISMATCH');
    expect(e.message).toContain(claimed);
    expect(e.message).toContain(sha256hex(bytes));

    await expectNothingStored();
  });

  it('refuses an upload that declares zero bytes (EMPTY_FILE) without reading the body', async () => {
    const { body, state } = trackedBody(1);

    await expectRefused(uploadDocument(ctx, { ...input(Buffer.alloc(0)), body, declaredLength: 0 }), 'EMPTY_FILE');

    expect(state.pulled).toBe(0);
    await expectNothingStored();
  });

  it('refuses a streamed upload that turns out to have no bytes (EMPTY_FILE) and keeps nothing', async () => {
    const { body } = trackedBody(0);

    await expectRefused(uploadDocument(ctx, { ...input(Buffer.alloc(0)), body, declaredLength: undefined }), 'EMPTY_FILE');

    await expectNothingStored();
  });

  it('refuses an upload whose declared length exceeds UPLOAD_MAX_BYTES (FILE_TOO_LARGE) before reading a byte', async () => {
    const { body, state } = trackedBody(17);

    const e = await expectRefused(
      uploadDocument(ctx, { body, fileName: 'big.bin', mediaType: undefined, claimedSha256: 'a'.repeat(64), declaredLength: MiB + 1 }),
      'FILE_TOO_LARGE',
    );
    expect(e.message).toContain(String(MiB + 1));

    expect(state.pulled).toBe(0);
    await expectNothingStored();
  });

  it('refuses a stream without a declared length once it passes UPLOAD_MAX_BYTES (FILE_TOO_LARGE), stops reading and leaves no partial file', async () => {
    const chunks = 64; // 4 MiB offered
    const { body, state } = trackedBody(chunks);

    await expectRefused(
      uploadDocument(ctx, { body, fileName: 'big.bin', mediaType: undefined, claimedSha256: 'a'.repeat(64) }),
      'FILE_TOO_LARGE',
    );

    expect(state.pulled).toBeGreaterThan(MiB / CHUNK);
    expect(state.pulled).toBeLessThan(chunks);
    await expectNothingStored();
  });

  it('refuses a single oversized chunk (FILE_TOO_LARGE) and leaves no partial file', async () => {
    const bytes = Buffer.alloc(MiB + 1, 0x62);

    await expectRefused(uploadDocument(ctx, input(bytes, { declaredLength: undefined })), 'FILE_TOO_LARGE');

    await expectNothingStored();
  });

  it('refuses a stream longer than its declared length once it passes UPLOAD_MAX_BYTES (FILE_TOO_LARGE)', async () => {
    const { body } = trackedBody(MiB / CHUNK + 1);

    await expectRefused(uploadDocument(ctx, { body, fileName: 'liar.bin', mediaType: undefined, claimedSha256: 'a'.repeat(64), declaredLength: 10 }), 'FILE_TOO_LARGE');

    await expectNothingStored();
  });

  it('accepts an upload of exactly UPLOAD_MAX_BYTES', async () => {
    const bytes = Buffer.alloc(MiB, 0x63);

    const doc = await uploadDocument(ctx, input(bytes, { declaredLength: undefined }));

    expect(doc.size).toBe(MiB);
    expect(await blobFiles()).toEqual([path.relative(ctx.blobs.root, ctx.blobs.pathOf(sha256hex(bytes)))]);
  });

  it('records the same bytes uploaded twice as two documents sharing one blob file', async () => {
    const bytes = Buffer.from('%PDF-1.4 uploaded twice');

    const first = await uploadDocument(ctx, input(bytes, { fileName: 'first.pdf' }));
    const second = await uploadDocument(ctx, input(bytes, { fileName: 'second.pdf' }));

    expect(second.id).not.toBe(first.id);
    expect(second.sha256).toBe(first.sha256);
    const rows = await documentRows();
    expect(rows.map((r) => r.originalName).sort()).toEqual(['first.pdf', 'second.pdf']);
    expect(await blobFiles()).toEqual([path.relative(ctx.blobs.root, ctx.blobs.pathOf(first.sha256))]);
  });

  it('stores a file name with path traversal and control characters as data only, never as a path', async () => {
    const bytes = Buffer.from('%PDF-1.4 named by an attacker');
    const sha256 = sha256hex(bytes);

    const doc = await uploadDocument(ctx, input(bytes, { fileName: '../../../etc/\u0000pass\nwd\r\u001b[31m\u007f.pdf' }));

    expect(doc.name).toBe('../../../etc/passwd[31m.pdf');
    const [row] = await documentRows();
    expect(row?.originalName).toBe('../../../etc/passwd[31m.pdf');
    // The only file written anywhere in the data directory is the content-addressed blob.
    expect(await filesUnder(ctx.config.dataDir)).toEqual([path.relative(ctx.config.dataDir, ctx.blobs.pathOf(sha256))]);
    expect(ctx.blobs.pathOf(sha256)).toBe(path.join(ctx.blobs.root, sha256.slice(0, 2), sha256.slice(2, 4), sha256));
  });

  it('names a document "document" when the given name is empty or only control characters, and bounds long names to 255 characters', async () => {
    const names = ['', '   ', '\u0000\u0001\u001f', 'n'.repeat(300)];
    const stored: string[] = [];
    for (const [i, fileName] of names.entries()) {
      stored.push((await uploadDocument(ctx, input(Buffer.from(`doc ${i}`), { fileName }))).name);
    }
    expect(stored).toEqual(['document', 'document', 'document', 'n'.repeat(255)]);
  });

  it('stores the media type the bytes are, not the name or the declared type', async () => {
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489', 'hex');
    const cases: [Buffer, string | undefined, string][] = [
      [Buffer.from('%PDF-1.4 declared in capitals'), 'APPLICATION/PDF', 'application/pdf'],
      [Buffer.from('%PDF-1.4 declared with parameters'), 'application/pdf; name=x', 'application/pdf'],
      [Buffer.from('%PDF-1.4 not declared'), undefined, 'application/pdf'],
      [png, 'application/octet-stream', 'image/png'],
      [Buffer.from('<html><script>alert(1)</script></html>'), 'text/html', 'text/plain'],
      [Buffer.from('plain words in a file named contract.pdf'), undefined, 'text/plain'],
      [Buffer.from([0xff, 0x00, 0x13, 0x37, 0x00, 0x42]), undefined, 'application/octet-stream'],
    ];
    for (const [bytes, mediaType, expected] of cases) {
      const doc = await uploadDocument(ctx, input(bytes, { mediaType }));
      expect(doc.mediaType, `${mediaType} → ${expected}`).toBe(expected);
    }
  });

  it('sniffs a streamed upload whose first chunk is shorter than the signature window', async () => {
    const bytes = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(200_000, 0x20)]);
    const chunks = [bytes.subarray(0, 3), bytes.subarray(3, 7), bytes.subarray(7)];
    const body = (async function* () {
      yield* chunks;
    })();
    const doc = await uploadDocument(ctx, { ...input(bytes), body });
    expect(doc.mediaType).toBe('application/pdf');
  });

  it('refuses a declared type the bytes contradict (MEDIA_TYPE_MISMATCH, 415) and keeps nothing', async () => {
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489', 'hex');
    const cases: [Buffer, string][] = [
      [Buffer.from('<html><script>alert(1)</script></html>'), 'application/pdf'],
      [Buffer.from('%PDF-1.4 really a PDF'), 'image/png'],
      [png, 'application/pdf'],
      [Buffer.from([0xff, 0x00, 0x13, 0x37, 0x00, 0x42]), 'application/pdf'],
    ];
    for (const [bytes, mediaType] of cases) {
      await expectRefused(uploadDocument(ctx, input(bytes, { mediaType })), 'MEDIA_TYPE_MISMATCH', mediaType);
    }
    await expectNothingStored();
    const e = await uploadDocument(ctx, input(png, { mediaType: 'application/pdf' })).catch((err: unknown) => err);
    expect((e as AppError).status).toBe(415);
    expect((e as AppError).message).toBe('expected bytes that are application/pdf as declared, got bytes that are image/png');
  });

  it('refuses a claimed hash that is not 64 hex characters (VALIDATION_FAILED) without reading the body', async () => {
    const bytes = Buffer.from('%PDF-1.4 valid bytes');
    const good = sha256hex(bytes);
    for (const claimedSha256 of ['', 'abc', good.slice(1), `${good}0`, 'g'.repeat(64), `${good.slice(0, 32)} ${good.slice(33)}`, good.replace(/^./, '/')]) {
      const { body, state } = trackedBody(1);
      await expectRefused(uploadDocument(ctx, { ...input(bytes), body, claimedSha256 }), 'VALIDATION_FAILED', JSON.stringify(claimedSha256));
      expect(state.pulled).toBe(0);
    }
    await expectNothingStored();
  });

  it('accepts a claimed hash in upper case or with surrounding spaces', async () => {
    const bytes = Buffer.from('%PDF-1.4 upper-case claim');

    const doc = await uploadDocument(ctx, input(bytes, { claimedSha256: `  ${sha256hex(bytes).toUpperCase()}\n` }));

    expect(doc.sha256).toBe(sha256hex(bytes));
  });
});

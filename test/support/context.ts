import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { createHash } from 'node:crypto';
import { openDatabase } from '@/db/client';
import { fixedClock } from '@/lib/clock';
import { createContext, type Context } from '@/lib/context';
import { parseConfig } from '@/lib/env';
import { uploadDocument, type DocumentView } from '@/lib/documents/upload-document';
import { createSigningRequest, type CreatedSigningRequest } from '@/lib/signing/create-signing-request';

export const TEST_ORIGIN = 'http://localhost:3999';
export const TEST_RP_ID = 'localhost';

export type TestContext = Context & { clock: ReturnType<typeof fixedClock>; dispose(): Promise<void> };

/** A real context on an in-memory PGlite (or TEST_DATABASE_URL) and a temporary data directory. */
export async function createTestContext(env: Record<string, string> = {}): Promise<TestContext> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'signet-test-'));
  const config = parseConfig({ ORIGIN: TEST_ORIGIN, RP_ID: TEST_RP_ID, DATA_DIR: dataDir, UPLOAD_MAX_BYTES: '1MiB', ...env });
  const database = await openDatabase({});
  const clock = fixedClock('2026-03-01T12:00:00.000Z');
  const ctx = await createContext({ config, database, clock });
  return {
    ...ctx,
    clock,
    async dispose() {
      await database.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export function sha256hex(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex');
}

export async function upload(ctx: Context, bytes: Uint8Array | string, name = 'contract.pdf', mediaType = 'application/pdf'): Promise<DocumentView> {
  const buf = Buffer.from(bytes);
  return uploadDocument(ctx, { body: Readable.from([buf]), fileName: name, mediaType, claimedSha256: sha256hex(buf), declaredLength: buf.length });
}

export async function uploadAndRequest(ctx: Context, bytes: Uint8Array | string = '%PDF-1.4 test document'): Promise<CreatedSigningRequest & { document: DocumentView }> {
  const document = await upload(ctx, bytes);
  const created = await createSigningRequest(ctx, { documentId: document.id, title: 'Service agreement', documentType: 'contract', signerName: 'Ada Lovelace', signerEmail: `ada+${document.id}@example.com` });
  return { ...created, document };
}

import { schema } from '@/db/client';
import type { Actor } from '../auth/actor';
import { recordOwner } from '../auth/ownership';
import type { Context } from '../context';
import { AppError } from '../errors';
import { decideMediaType, sniffMediaType } from './sniff-media-type';

export interface UploadDocumentInput {
  body: NodeJS.ReadableStream | AsyncIterable<Uint8Array>;
  /** The name the uploader's file had; stored as data, never used in a path. */
  fileName: string;
  /** The client's declared media type: checked against the bytes, never stored (see sniff-media-type). */
  mediaType: string | undefined;
  /** Hex SHA-256 the browser computed. */
  claimedSha256: string;
  /** Content-Length when the client sent one: lets an oversized upload be refused before reading. */
  declaredLength?: number;
}

export interface DocumentView {
  id: string;
  sha256: string;
  size: number;
  mediaType: string;
  name: string;
  createdAt: string;
}

/**
 * Streams an upload into the blob store, hashing as it writes, and records the document only when
 * the bytes hash to what the browser claimed. The acting staff user or API key becomes its owner;
 * without an actor (CLI, tests) the document belongs to the system.
 */
export async function uploadDocument(ctx: Context, input: UploadDocumentInput, actor?: Actor): Promise<DocumentView> {
  const claimed = input.claimedSha256.trim().toLowerCase();
  if (!/^[0-9a-f]{64}$/.test(claimed)) {
    throw new AppError('VALIDATION_FAILED', `expected the claimed SHA-256 as 64 hex characters, got "${input.claimedSha256.slice(0, 80)}"`);
  }
  const name = sanitizeFileName(input.fileName);
  if (input.declaredLength !== undefined && input.declaredLength > ctx.config.uploadMaxBytes) {
    throw new AppError('FILE_TOO_LARGE', `expected at most ${ctx.config.uploadMaxBytes} bytes, the upload declares ${input.declaredLength}`);
  }
  if (input.declaredLength === 0) throw new AppError('EMPTY_FILE', 'expected a file with at least one byte, received 0 bytes');

  let mediaType = 'application/octet-stream';
  const blob = await ctx.blobs.put(input.body, {
    maxBytes: ctx.config.uploadMaxBytes,
    expectedSha256: claimed,
    // Before the blob is moved into place: a refused type leaves nothing behind.
    inspect: async (head) => {
      mediaType = decideMediaType(input.mediaType, await sniffMediaType(head));
    },
  });
  const row = {
    id: ctx.random.uuid(),
    sha256: blob.sha256,
    size: blob.size,
    mediaType,
    originalName: name,
    createdAt: ctx.clock.now(),
  };
  await ctx.db.transaction(async (tx) => {
    await tx.insert(schema.documents).values(row);
    await recordOwner(tx, actor, 'document', row.id, row.createdAt);
  });
  return toDocumentView(row);
}

/** Keeps the name readable but bounded and free of control characters; it is only ever displayed. */
export function sanitizeFileName(input: string): string {
  const cleaned = input.replace(/[\u0000-\u001f\u007f]/g, '').trim().slice(0, 255);
  return cleaned === '' ? 'document' : cleaned;
}

export function toDocumentView(row: typeof schema.documents.$inferSelect): DocumentView {
  return {
    id: row.id,
    sha256: row.sha256,
    size: row.size,
    mediaType: row.mediaType,
    name: row.originalName,
    createdAt: row.createdAt.toISOString(),
  };
}

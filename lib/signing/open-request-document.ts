import { eq } from 'drizzle-orm';
import { schema } from '@/db/client';
import type { Actor } from '../auth/actor';
import { assertVisible } from '../auth/ownership';
import type { Context } from '../context';
import { AppError } from '../errors';

export interface StoredDocument {
  sha256: string;
  size: number;
  mediaType: string;
  name: string;
  stream: NodeJS.ReadableStream;
}

/**
 * The original document of a signing request, byte for byte as uploaded (its SHA-256 is the one every
 * statement names), for staff who may see the request: an uploader without "sees all" gets
 * NOT_FOUND for another's request, worded as a missing id.
 */
export async function openRequestDocument(ctx: Context, requestId: string, actor?: Actor): Promise<StoredDocument> {
  const notFound = `expected an existing signing request id, got "${requestId.slice(0, 64)}"`;
  await assertVisible(ctx, actor, 'request', requestId, notFound);
  const [row] = await ctx.db
    .select({ document: schema.documents })
    .from(schema.signingRequests)
    .innerJoin(schema.documents, eq(schema.documents.id, schema.signingRequests.documentId))
    .where(eq(schema.signingRequests.id, requestId));
  if (!row) throw new AppError('NOT_FOUND', notFound);
  const d = row.document;
  return { sha256: d.sha256, size: d.size, mediaType: d.mediaType, name: d.originalName, stream: ctx.blobs.open(d.sha256) };
}

import { and, eq, inArray } from 'drizzle-orm';
import { schema } from '@/db/client';
import type { Context } from '../context';
import { AppError } from '../errors';
import { fingerprint, matchingCode } from '../signing/matching-code';
import { effectiveStatus } from '../signing/request-view';
import { loadSlotsOf } from '../signing/signer-slots';
import { hashSigningToken } from '../signing/token';
import { bySigningOrder, type Priority } from './priority';

export interface QueueDocument {
  requestId: string;
  /** This signer's place on the request. */
  slotId: string;
  title: string;
  documentType: string;
  priority: Priority;
  position: number;
  documentSha256: string;
  fingerprint: string;
  size: number;
  mediaType: string;
  expiresAt: string;
  matchingCode: string;
}

export interface BatchQueue {
  batch: { id: string; name: string; createdBy: string; expiresAt: string };
  signer: { id: string; name: string };
  /** What this signer may sign now, in signing order (priority, then position). */
  documents: QueueDocument[];
  /** This signer's documents that are done or not theirs to sign yet. */
  counts: { signed: number; declined: number; notYet: number; closed: number };
}

export interface QueueSigner {
  batchId: string;
  signerId: string;
}

/** The batch and signer a queue token stands for; a cancelled batch's links stop working. */
export async function resolveQueueToken(ctx: Context, token: string): Promise<QueueSigner & { batch: typeof schema.batches.$inferSelect }> {
  const [row] = await ctx.db
    .select({ link: schema.batchSigners, batch: schema.batches })
    .from(schema.batchSigners)
    .innerJoin(schema.batches, eq(schema.batches.id, schema.batchSigners.batchId))
    .where(eq(schema.batchSigners.tokenHash, hashSigningToken(token)));
  if (!row) throw new AppError('QUEUE_TOKEN_UNKNOWN', 'expected a batch queue link this server issued; this one is unknown');
  if (row.batch.status === 'cancelled') throw new AppError('REQUEST_CANCELLED', 'expected an open batch; this one was cancelled');
  return { batchId: row.batch.id, signerId: row.link.signerId, batch: row.batch };
}

/**
 * What the phone loads from a batch QR: the signer's documents they may sign now. In a request
 * with several signers in sequence, one whose earlier steps have not all signed is left out.
 */
export async function getBatchQueue(ctx: Context, token: string): Promise<BatchQueue> {
  const { batch, signerId } = await resolveQueueToken(ctx, token);
  const now = ctx.clock.now();
  const rows = await ctx.db
    .select({ place: schema.batchDocuments, request: schema.signingRequests, document: schema.documents, slot: schema.requestSigners })
    .from(schema.batchDocuments)
    .innerJoin(schema.signingRequests, eq(schema.signingRequests.id, schema.batchDocuments.requestId))
    .innerJoin(schema.documents, eq(schema.documents.id, schema.signingRequests.documentId))
    .innerJoin(schema.requestSigners, and(eq(schema.requestSigners.requestId, schema.signingRequests.id), eq(schema.requestSigners.signerId, signerId)))
    .where(eq(schema.batchDocuments.batchId, batch.id));
  const [signer] = await ctx.db.select().from(schema.signers).where(eq(schema.signers.id, signerId));
  const slotsOf = await loadSlotsOf(ctx.db, rows.map((r) => r.request.id));
  const counts = { signed: 0, declined: 0, notYet: 0, closed: 0 };
  const signable: typeof rows = [];
  for (const r of rows) {
    const status = effectiveStatus(r.request, now);
    if (r.slot.status === 'signed') counts.signed++;
    else if (r.slot.status === 'declined') counts.declined++;
    else if (status !== 'pending' && status !== 'opened') counts.closed++;
    else if ((slotsOf.get(r.request.id) ?? []).some((s) => s.step < r.slot.step && s.status !== 'signed')) counts.notYet++;
    else signable.push(r);
  }
  const documents = await Promise.all(
    signable
      .sort((a, b) => bySigningOrder(a.place, b.place))
      .map(async (r): Promise<QueueDocument> => ({
        requestId: r.request.id,
        slotId: r.slot.id,
        title: r.request.title,
        documentType: r.request.documentType,
        priority: r.place.priority as Priority,
        position: r.place.position,
        documentSha256: r.document.sha256,
        fingerprint: fingerprint(r.document.sha256),
        size: r.document.size,
        mediaType: r.document.mediaType,
        expiresAt: r.request.expiresAt.toISOString(),
        matchingCode: await matchingCode(r.slot.id, r.document.sha256),
      })),
  );
  return {
    batch: { id: batch.id, name: batch.name, createdBy: batch.createdBy, expiresAt: batch.expiresAt.toISOString() },
    signer: { id: signerId, name: signer?.displayName ?? '' },
    documents,
    counts,
  };
}

/** The stored bytes of one queue document, for the phone to re-hash; NOT_FOUND when not this signer's. */
export async function readQueueDocument(ctx: Context, token: string, requestId: string): Promise<{ sha256: string; mediaType: string; size: number; name: string; stream: NodeJS.ReadableStream }> {
  const { batchId, signerId } = await resolveQueueToken(ctx, token);
  const [row] = await ctx.db
    .select({ document: schema.documents })
    .from(schema.batchDocuments)
    .innerJoin(schema.signingRequests, eq(schema.signingRequests.id, schema.batchDocuments.requestId))
    .innerJoin(schema.documents, eq(schema.documents.id, schema.signingRequests.documentId))
    .innerJoin(schema.requestSigners, and(eq(schema.requestSigners.requestId, schema.signingRequests.id), eq(schema.requestSigners.signerId, signerId)))
    .where(and(eq(schema.batchDocuments.batchId, batchId), inArray(schema.batchDocuments.requestId, [requestId])));
  if (!row) throw new AppError('NOT_FOUND', `expected a document of this signer's batch queue, got request "${requestId}"`);
  return { sha256: row.document.sha256, mediaType: row.document.mediaType, size: row.document.size, name: row.document.originalName, stream: ctx.blobs.open(row.document.sha256) };
}

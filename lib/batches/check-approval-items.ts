import { and, count, eq, inArray } from 'drizzle-orm';
import { schema } from '@/db/client';
import type { Context } from '../context';
import { AppError } from '../errors';
import type { TokenRequest } from '../signing/resolve-token';
import type { BatchItem } from './batch-statement';
import { getBatchQueue, type BatchQueue } from './get-batch-queue';

/**
 * What one batch approval may cover, checked at begin and again at completion (the state may have
 * changed in between): each item is a document this queue's signer may sign now in this batch
 * (BATCH_STATEMENT_INVALID for another batch's or signer's, a declined, signed or closed one, one
 * whose step has not come, or one listed twice), it names the stored document's SHA-256
 * (BATCH_STATEMENT_INVALID), and the stored bytes still hash to it (DOCUMENT_TAMPERED). Any
 * problem refuses the whole approval. Answers each item's request as its signer sees it.
 */
export async function checkApprovalItems(ctx: Context, token: string, items: readonly BatchItem[], loaded?: BatchQueue): Promise<TokenRequest[]> {
  const queue = loaded ?? (await getBatchQueue(ctx, token));
  if (items.length === 0) throw new AppError('BATCH_EMPTY', 'expected at least one document to approve, got none');
  const ids = items.map((i) => i.requestId);
  if (new Set(ids).size !== ids.length) throw new AppError('BATCH_STATEMENT_INVALID', 'expected each document once, one is listed twice');
  const signable = new Map(queue.documents.map((d) => [d.requestId, d]));
  const outside = ids.filter((id) => !signable.has(id));
  if (outside.length) throw new AppError('BATCH_STATEMENT_INVALID', `expected documents this signer may sign now in this batch; not so: ${await explain(ctx, queue, outside)}`);
  // A batch item does not yet carry the roster, step and earlier leaves that a several-signer
  // statement commits to (docs/batches.md), so such evidence would not verify: refuse, don't record.
  const perRequest = await ctx.db
    .select({ requestId: schema.requestSigners.requestId, signers: count() })
    .from(schema.requestSigners)
    .where(inArray(schema.requestSigners.requestId, ids))
    .groupBy(schema.requestSigners.requestId);
  const shared = perRequest.filter((r) => r.signers > 1).map((r) => r.requestId);
  if (shared.length) {
    throw new AppError('BATCH_STATEMENT_INVALID', `expected documents with one signer each in a batch approval; ${shared.slice(0, 5).join(', ')} ${shared.length === 1 ? 'has' : 'have'} several signers and must be signed from ${shared.length === 1 ? 'its' : 'their'} own link`);
  }
  for (const item of items) {
    const stored = signable.get(item.requestId)!.documentSha256;
    if (item.documentSha256 !== stored) {
      throw new AppError('BATCH_STATEMENT_INVALID', `expected the approval to name the stored document of request ${item.requestId} (SHA-256 ${stored}); it names ${item.documentSha256}`);
    }
  }
  for (const item of items) {
    const actual = await ctx.blobs.rehash(item.documentSha256).catch(() => 'missing');
    if (actual !== item.documentSha256) throw new AppError('DOCUMENT_TAMPERED', `expected the document of request ${item.requestId} to hash to ${item.documentSha256}, it hashes to ${actual}`);
  }
  const slotIds = items.map((i) => signable.get(i.requestId)!.slotId);
  const rows = await ctx.db
    .select({ request: schema.signingRequests, slot: schema.requestSigners })
    .from(schema.requestSigners)
    .innerJoin(schema.signingRequests, eq(schema.signingRequests.id, schema.requestSigners.requestId))
    .where(inArray(schema.requestSigners.id, slotIds));
  const byRequest = new Map(rows.map((r) => [r.request.id, { ...r.request, signerId: r.slot.signerId, slot: r.slot }]));
  return ids.map((id) => byRequest.get(id)!);
}

/** Why each listed document is outside the signer's queue, for the API message (up to five). */
async function explain(ctx: Context, queue: BatchQueue, ids: string[]): Promise<string> {
  const shown = ids.slice(0, 5);
  const rows = await ctx.db
    .select({ requestId: schema.requestSigners.requestId, status: schema.requestSigners.status, batchId: schema.batchDocuments.batchId })
    .from(schema.requestSigners)
    .leftJoin(schema.batchDocuments, eq(schema.batchDocuments.requestId, schema.requestSigners.requestId))
    .where(and(inArray(schema.requestSigners.requestId, shown), eq(schema.requestSigners.signerId, queue.signer.id)));
  const mine = new Map(rows.map((r) => [r.requestId, r]));
  const reasons = shown.map((id) => {
    const r = mine.get(id);
    if (!r || r.batchId !== queue.batch.id) return `${id} (not this signer's document in this batch)`;
    if (r.status === 'declined') return `${id} (declined)`;
    if (r.status === 'signed') return `${id} (already signed)`;
    return `${id} (closed, or an earlier signer has yet to sign)`;
  });
  return reasons.join(', ') + (ids.length > 5 ? ', …' : '');
}

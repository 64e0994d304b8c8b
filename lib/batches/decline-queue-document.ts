import { eq } from 'drizzle-orm';
import { schema } from '@/db/client';
import type { Context } from '../context';
import { AppError } from '../errors';
import { declineRequest } from '../signing/decline-signing';
import { getBatchQueue } from './get-batch-queue';

/**
 * The signer declines one document of their queue, optionally saying why, exactly as on that
 * document's own link (lib/signing/decline-signing.ts); the rest of the queue stays to be signed.
 * Only a document in the signer's queue now may be declined (BATCH_STATEMENT_INVALID otherwise).
 * Its stored bytes are not re-hashed: declining a document that no longer matches is the point.
 */
export async function declineQueueDocument(ctx: Context, token: string, requestId: string, reason: string | null): Promise<{ requestId: string; declinedAt: string }> {
  const queue = await getBatchQueue(ctx, token);
  const doc = queue.documents.find((d) => d.requestId === requestId);
  if (!doc) throw new AppError('BATCH_STATEMENT_INVALID', `expected a document this signer may sign now in this batch, got request "${requestId}"`);
  const [row] = await ctx.db
    .select({ request: schema.signingRequests, slot: schema.requestSigners })
    .from(schema.requestSigners)
    .innerJoin(schema.signingRequests, eq(schema.signingRequests.id, schema.requestSigners.requestId))
    .where(eq(schema.requestSigners.id, doc.slotId));
  if (!row) throw new AppError('INTERNAL', `expected the signer's place on request ${requestId}`);
  return declineRequest(ctx, { ...row.request, signerId: row.slot.signerId, slot: row.slot }, reason);
}

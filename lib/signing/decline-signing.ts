import { and, eq, inArray } from 'drizzle-orm';
import { schema } from '@/db/client';
import type { Context } from '../context';
import { notifyRequestFinished } from '../notifications/request-notices';
import { AppError } from '../errors';
import { publishRequestChanged } from './request-events';
import { assertSignable, findSignableRequest, type TokenRequest } from './resolve-token';

export const DECLINE_REASON_MAX = 1000;

/**
 * The signer refuses to sign, optionally saying why; the desktop hears it at once. One decline ends
 * the whole request: the others' links stop working (staff may re-request it).
 */
export async function declineSigning(ctx: Context, token: string, reason: string | null): Promise<{ requestId: string; declinedAt: string }> {
  return declineRequest(ctx, await findSignableRequest(ctx, token), reason);
}

/** The decline itself, for a request its signer may sign now (a link's, or a batch queue's document). */
export async function declineRequest(ctx: Context, request: TokenRequest, reason: string | null): Promise<{ requestId: string; declinedAt: string }> {
  const text = reason?.trim() || null;
  if (text && text.length > DECLINE_REASON_MAX) {
    throw new AppError('VALIDATION_FAILED', `expected a reason of at most ${DECLINE_REASON_MAX} characters, got ${text.length}`);
  }
  const now = ctx.clock.now();
  await ctx.db.transaction(async (tx) => {
    const updated = await tx
      .update(schema.signingRequests)
      .set({ status: 'declined', declinedAt: now, declineReason: text })
      .where(and(eq(schema.signingRequests.id, request.id), inArray(schema.signingRequests.status, ['pending', 'opened'])))
      .returning({ id: schema.signingRequests.id });
    if (updated.length === 0) {
      const [current] = await tx.select().from(schema.signingRequests).where(eq(schema.signingRequests.id, request.id));
      if (current) assertSignable(current);
      throw new AppError('REQUEST_NOT_SIGNABLE', 'expected the request to still await a signature; it changed concurrently');
    }
    const slot = await tx
      .update(schema.requestSigners)
      .set({ status: 'declined', declinedAt: now, declineReason: text })
      .where(and(eq(schema.requestSigners.id, request.slot.id), inArray(schema.requestSigners.status, ['pending', 'opened'])))
      .returning({ id: schema.requestSigners.id });
    // Signed concurrently (the request row was still live): the signature stands, the decline does not.
    if (slot.length === 0) throw new AppError('REQUEST_ALREADY_SIGNED', 'expected a signer who has yet to sign; this one signed concurrently');
    await notifyRequestFinished(tx, ctx, request.id, 'declined', request.slot.signerId);
  });
  await publishRequestChanged(ctx.database, request.id);
  return { requestId: request.id, declinedAt: now.toISOString() };
}

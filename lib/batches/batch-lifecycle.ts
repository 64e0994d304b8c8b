import { and, eq, gt, inArray, lt } from 'drizzle-orm';
import { schema } from '@/db/client';
import type { Actor } from '../auth/actor';
import type { Context } from '../context';
import { AppError } from '../errors';
import { publishRequestChanged } from '../signing/request-events';
import { CANCEL_REASON_MAX, MAX_EXTENSION_MS } from '../signing/request-lifecycle';
import { changeOpenBatch } from './batch-guard';
import { loadBatchView, type BatchView } from './batch-view';

const live = ['pending', 'opened'];

/** Cancels the batch and every document still waiting; signed and declined ones stay as they are. */
export async function cancelBatch(ctx: Context, id: string, reason: string, actor?: Actor): Promise<BatchView> {
  const text = reason.trim();
  if (!text) throw new AppError('VALIDATION_FAILED', 'expected a reason for the cancellation, got an empty one');
  if (text.length > CANCEL_REASON_MAX) throw new AppError('VALIDATION_FAILED', `expected a reason of at most ${CANCEL_REASON_MAX} characters, got ${text.length}`);
  const now = ctx.clock.now();
  const changed = await changeOpenBatch(ctx, id, actor, async (tx, view) => {
    await tx.update(schema.batches).set({ status: 'cancelled', cancelledAt: now, cancelReason: text }).where(eq(schema.batches.id, id));
    const ids = view.documents.filter((d) => d.request.status === 'pending' || d.request.status === 'opened').map((d) => d.request.id);
    if (ids.length) {
      await tx
        .update(schema.signingRequests)
        .set({ status: 'cancelled', cancelledAt: now, cancelReason: text })
        .where(and(inArray(schema.signingRequests.id, ids), inArray(schema.signingRequests.status, live)));
    }
    return ids;
  });
  for (const r of changed) await publishRequestChanged(ctx.database, r);
  return loadBatchView(ctx.db, ctx.clock.now(), id);
}

/** Moves the expiry of the batch and of every waiting document later, to at most 30 days from now. */
export async function extendBatch(ctx: Context, id: string, expiresAt: Date, actor?: Actor): Promise<BatchView> {
  const now = ctx.clock.now();
  if (Number.isNaN(expiresAt.getTime())) throw new AppError('EXPIRY_OUT_OF_RANGE', 'expected an ISO 8601 date-time for the new expiry');
  if (expiresAt.getTime() <= now.getTime()) throw new AppError('EXPIRY_OUT_OF_RANGE', `expected a new expiry in the future, got ${expiresAt.toISOString()}`);
  if (expiresAt.getTime() > now.getTime() + MAX_EXTENSION_MS) throw new AppError('EXPIRY_OUT_OF_RANGE', 'expected a new expiry at most 30 days from now');
  const changed = await changeOpenBatch(ctx, id, actor, async (tx, view) => {
    const ids = view.documents.filter((d) => d.request.status === 'pending' || d.request.status === 'opened').map((d) => d.request.id);
    await tx.update(schema.batches).set({ expiresAt }).where(and(eq(schema.batches.id, id), lt(schema.batches.expiresAt, expiresAt)));
    if (ids.length) {
      await tx
        .update(schema.signingRequests)
        .set({ expiresAt })
        .where(and(inArray(schema.signingRequests.id, ids), inArray(schema.signingRequests.status, live), gt(schema.signingRequests.expiresAt, now), lt(schema.signingRequests.expiresAt, expiresAt)));
    }
    return ids;
  });
  for (const r of changed) await publishRequestChanged(ctx.database, r);
  return loadBatchView(ctx.db, ctx.clock.now(), id);
}

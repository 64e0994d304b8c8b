import { and, eq, inArray } from 'drizzle-orm';
import { schema, type Db } from '@/db/client';
import type { Actor } from '../auth/actor';
import { assertVisible } from '../auth/ownership';
import type { Context } from '../context';
import { AppError } from '../errors';
import { notifyRequestCancelled } from '../notifications/request-notices';
import { getSigningRequest } from './get-signing-request';
import { publishRequestChanged } from './request-events';
import { effectiveStatus, loadRequestView, type RequestRow, type SigningRequestView } from './request-view';
import { assertSignable } from './resolve-token';

export const CANCEL_REASON_MAX = 1000;
/** How far ahead staff may move a live request's expiry. */
export const MAX_EXTENSION_MS = 30 * 24 * 3_600_000;

/**
 * Staff verbs on a live request (cancel, extend). Each locks the request row, so it either happens
 * before a concurrent signing, decline or expiry (which then sees the new state) or after it (and
 * is refused with that state's code). The route logs the verb with the acting staff member.
 */
async function changeLive(ctx: Context, id: string, actor: Actor | undefined, change: (row: RequestRow, tx: Db) => Promise<void>): Promise<SigningRequestView> {
  await assertVisible(ctx, actor, 'request', id, `expected an existing signing request id, got "${id}"`);
  await getSigningRequest(ctx, id); // records a lapse first, so an expired request answers REQUEST_EXPIRED
  await ctx.db.transaction(async (tx) => {
    const [row] = await tx.select().from(schema.signingRequests).where(eq(schema.signingRequests.id, id)).for('update');
    if (!row) throw new AppError('NOT_FOUND', `expected an existing signing request id, got "${id}"`);
    assertSignable({ ...row, status: effectiveStatus(row, ctx.clock.now()) });
    await change(row, tx as unknown as Db);
  });
  await publishRequestChanged(ctx.database, id);
  return loadRequestView(ctx.db, ctx.clock.now(), id);
}

/** Cancels a live request: every signer's link stops working at once (REQUEST_CANCELLED). */
export async function cancelSigningRequest(ctx: Context, id: string, reason: string, actor?: Actor): Promise<SigningRequestView> {
  const text = reason.trim();
  if (!text) throw new AppError('VALIDATION_FAILED', 'expected a reason for the cancellation, got an empty one');
  if (text.length > CANCEL_REASON_MAX) throw new AppError('VALIDATION_FAILED', `expected a reason of at most ${CANCEL_REASON_MAX} characters, got ${text.length}`);
  return changeLive(ctx, id, actor, async (_row, tx) => {
    await tx
      .update(schema.signingRequests)
      .set({ status: 'cancelled', cancelledAt: ctx.clock.now(), cancelReason: text })
      .where(and(eq(schema.signingRequests.id, id), inArray(schema.signingRequests.status, ['pending', 'opened'])));
    await notifyRequestCancelled(tx, ctx, id, actor);
  });
}

/** Moves a live request's expiry later, to at most 30 days from now. */
export async function extendSigningRequest(ctx: Context, id: string, expiresAt: Date, actor?: Actor): Promise<SigningRequestView> {
  const now = ctx.clock.now();
  if (Number.isNaN(expiresAt.getTime())) throw new AppError('EXPIRY_OUT_OF_RANGE', 'expected an ISO 8601 date-time for the new expiry');
  if (expiresAt.getTime() <= now.getTime()) throw new AppError('EXPIRY_OUT_OF_RANGE', `expected a new expiry in the future, got ${expiresAt.toISOString()} (now is ${now.toISOString()})`);
  const max = new Date(now.getTime() + MAX_EXTENSION_MS);
  if (expiresAt.getTime() > max.getTime()) throw new AppError('EXPIRY_OUT_OF_RANGE', `expected a new expiry at most 30 days from now (${max.toISOString()}), got ${expiresAt.toISOString()}`);
  return changeLive(ctx, id, actor, async (row, tx) => {
    if (expiresAt.getTime() <= row.expiresAt.getTime()) {
      throw new AppError('EXPIRY_OUT_OF_RANGE', `expected a new expiry after the current one (${row.expiresAt.toISOString()}), got ${expiresAt.toISOString()}`);
    }
    await tx.update(schema.signingRequests).set({ expiresAt }).where(eq(schema.signingRequests.id, id));
  });
}

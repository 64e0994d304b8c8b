import { and, eq, inArray } from 'drizzle-orm';
import { schema, type Db } from '@/db/client';
import type { Actor } from '../auth/actor';
import type { Context } from '../context';
import { notifyRequestFinished } from '../notifications/request-notices';
import { AppError } from '../errors';
import { recordOperation } from '../operations/record-operation';
import { effectiveStatus, type RequestRow } from './request-view';
import { publishRequestChanged } from './request-events';
import type { SlotRow } from './signer-slots';
import { hashSigningToken } from './token';

const TOKEN_SHAPE = /^[A-Za-z0-9_-]{16,64}$/;

/**
 * The request a signing token belongs to, seen by that token's signer: `signerId` is theirs and
 * `slot` their place on the request.
 */
export type TokenRequest = RequestRow & { slot: SlotRow };

/** Finds the request a signing token belongs to, recording expiry if it has just passed. */
export async function findRequestByToken(ctx: Context, token: string): Promise<TokenRequest> {
  if (!TOKEN_SHAPE.test(token)) throw new AppError('TOKEN_UNKNOWN', 'expected a signing link token of 16-64 base64url characters; this link is malformed');
  const [found] = await ctx.db
    .select({ request: schema.signingRequests, slot: schema.requestSigners })
    .from(schema.requestSigners)
    .innerJoin(schema.signingRequests, eq(schema.signingRequests.id, schema.requestSigners.requestId))
    .where(eq(schema.requestSigners.tokenHash, hashSigningToken(token)));
  if (!found) throw new AppError('TOKEN_UNKNOWN', 'expected a valid signing link; this one is unknown or was replaced by a newer link');
  const row: TokenRequest = { ...found.request, signerId: found.slot.signerId, slot: found.slot };
  const now = ctx.clock.now();
  if (effectiveStatus(row, now) === 'expired' && row.status !== 'expired') {
    await markExpired(ctx, row.id);
    return { ...row, status: 'expired' };
  }
  return row;
}

/**
 * Like findRequestByToken, but only for a request that this signer can still sign or decline now:
 * the request is live, they have not signed, and every signer of an earlier step has.
 */
export async function findSignableRequest(ctx: Context, token: string): Promise<TokenRequest> {
  const row = await findRequestByToken(ctx, token);
  assertSignable(row);
  await assertSignersTurn(ctx.db, row.slot);
  return row;
}

export function assertSignable(row: Pick<RequestRow, 'status' | 'signedAt' | 'declinedAt' | 'expiresAt' | 'cancelledAt'>, slot?: Pick<SlotRow, 'status' | 'signedAt'>): void {
  if (slot?.status === 'signed' && row.status !== 'cancelled') {
    throw new AppError('REQUEST_ALREADY_SIGNED', `expected a signer who has yet to sign; this one signed at ${slot.signedAt?.toISOString()}`);
  }
  switch (row.status) {
    case 'pending':
    case 'opened':
      return;
    case 'signed':
      throw new AppError('REQUEST_ALREADY_SIGNED', `expected a request awaiting signature; it was signed at ${row.signedAt?.toISOString()}`);
    case 'declined':
      throw new AppError('REQUEST_DECLINED', `expected a request awaiting signature; it was declined at ${row.declinedAt?.toISOString()}`);
    case 'expired':
      throw new AppError('REQUEST_EXPIRED', `expected a request awaiting signature; it expired at ${row.expiresAt.toISOString()}`);
    case 'cancelled':
      throw new AppError('REQUEST_CANCELLED', `expected a request awaiting signature; it was cancelled at ${row.cancelledAt?.toISOString()}`);
    default:
      throw new AppError('REQUEST_NOT_SIGNABLE', `expected status pending or opened, got "${row.status}"`);
  }
}

/** Refuses a signer whose step has not come yet: someone of an earlier step has still to sign. */
export async function assertSignersTurn(db: Db, slot: SlotRow): Promise<void> {
  assertSignable({ status: 'pending', signedAt: null, declinedAt: null, expiresAt: new Date(0), cancelledAt: null }, slot);
  if (slot.step <= 1) return;
  const earlier = await db
    .select({ id: schema.requestSigners.id, step: schema.requestSigners.step, status: schema.requestSigners.status })
    .from(schema.requestSigners)
    .where(eq(schema.requestSigners.requestId, slot.requestId));
  const waiting = earlier.filter((s) => s.step < slot.step && s.status !== 'signed');
  if (waiting.length > 0) {
    throw new AppError('SIGNER_NOT_YET', `expected every signer of steps before ${slot.step} to have signed; ${waiting.length} of them ha${waiting.length === 1 ? 's' : 've'} not yet`);
  }
}

/**
 * Records that a lapsed request expired: one conditional UPDATE, so however many readers, timers or
 * instances notice at once, exactly one wins, and only the winner logs `request.expire` (actor
 * system) in the same transaction.
 */
export async function markExpired(ctx: Context, requestId: string): Promise<void> {
  const changed = await ctx.db.transaction(async (tx) => {
    const rows = await tx
      .update(schema.signingRequests)
      .set({ status: 'expired' })
      .where(and(eq(schema.signingRequests.id, requestId), inArray(schema.signingRequests.status, ['pending', 'opened'])))
      .returning({ id: schema.signingRequests.id, expiresAt: schema.signingRequests.expiresAt });
    const row = rows[0];
    if (row) {
      await recordOperation(
        ctx,
        { action: 'request.expire', actor: EXPIRY_ACTOR, target: { type: 'request', id: row.id }, outcome: 'ok', details: { expiresAt: row.expiresAt.toISOString() } },
        tx as unknown as Db,
      );
      await notifyRequestFinished(tx, ctx, row.id, 'expired');
    }
    return rows.length > 0;
  });
  if (changed) await publishRequestChanged(ctx.database, requestId);
}

const EXPIRY_ACTOR: Actor = { kind: 'system', name: 'request-expiry' };

import { and, eq, inArray } from 'drizzle-orm';
import { schema, type Db } from '@/db/client';
import type { Actor } from '../auth/actor';
import type { Context } from '../context';
import { notifyRequestFinished } from '../notifications/request-notices';
import { AppError } from '../errors';
import { recordOperation } from '../operations/record-operation';
import { effectiveStatus, type RequestRow } from './request-view';
import { publishRequestChanged } from './request-events';
import { hashSigningToken } from './token';

const TOKEN_SHAPE = /^[A-Za-z0-9_-]{16,64}$/;

/** Finds the request a signing token belongs to, recording expiry if it has just passed. */
export async function findRequestByToken(ctx: Context, token: string): Promise<RequestRow> {
  if (!TOKEN_SHAPE.test(token)) throw new AppError('TOKEN_UNKNOWN', 'expected a signing link token of 16-64 base64url characters; this link is malformed');
  const [row] = await ctx.db.select().from(schema.signingRequests).where(eq(schema.signingRequests.tokenHash, hashSigningToken(token)));
  if (!row) throw new AppError('TOKEN_UNKNOWN', 'expected a valid signing link; this one is unknown or was replaced by a newer link');
  const now = ctx.clock.now();
  if (effectiveStatus(row, now) === 'expired' && row.status !== 'expired') {
    await markExpired(ctx, row.id);
    return { ...row, status: 'expired' };
  }
  return row;
}

/** Like findRequestByToken, but only for a request that can still be signed or declined. */
export async function findSignableRequest(ctx: Context, token: string): Promise<RequestRow> {
  const row = await findRequestByToken(ctx, token);
  assertSignable(row);
  return row;
}

export function assertSignable(row: RequestRow): void {
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
    default:
      throw new AppError('REQUEST_NOT_SIGNABLE', `expected status pending or opened, got "${row.status}"`);
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

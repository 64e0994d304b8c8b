import { and, eq, inArray } from 'drizzle-orm';
import { schema } from '@/db/client';
import type { Context } from '../context';
import { AppError } from '../errors';
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

export async function markExpired(ctx: Context, requestId: string): Promise<void> {
  const changed = await ctx.db
    .update(schema.signingRequests)
    .set({ status: 'expired' })
    .where(and(eq(schema.signingRequests.id, requestId), inArray(schema.signingRequests.status, ['pending', 'opened'])))
    .returning({ id: schema.signingRequests.id });
  if (changed.length > 0) await publishRequestChanged(ctx.database, requestId);
}

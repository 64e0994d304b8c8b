import { and, count, gt, inArray, lte, or, type SQL } from 'drizzle-orm';
import { schema } from '@/db/client';
import type { Actor } from '../auth/actor';
import { visibleWhere, visibilityFor } from '../auth/ownership';
import type { Context } from '../context';
import { loadRequestViews, type RequestStatus, type SigningRequestView } from './request-view';

export interface ListSigningRequestsInput {
  status?: RequestStatus;
  limit?: number;
  offset?: number;
}

export interface SigningRequestPage {
  items: SigningRequestView[];
  total: number;
  limit: number;
  offset: number;
}

/**
 * Newest first; the status filter understands that a lapsed pending request is expired. An uploader
 * without "sees all" gets only their own requests, and the total counts only those.
 */
export async function listSigningRequests(ctx: Context, input: ListSigningRequestsInput = {}, actor?: Actor): Promise<SigningRequestPage> {
  const now = ctx.clock.now();
  const limit = Math.min(Math.max(input.limit ?? 50, 1), 200);
  const offset = Math.max(input.offset ?? 0, 0);
  const r = schema.signingRequests;
  let where: SQL | undefined;
  switch (input.status) {
    case undefined:
      break;
    case 'pending':
    case 'opened':
      where = and(inArray(r.status, [input.status]), gt(r.expiresAt, now));
      break;
    case 'expired':
      where = or(inArray(r.status, ['expired']), and(inArray(r.status, ['pending', 'opened']), lte(r.expiresAt, now)));
      break;
    default:
      where = inArray(r.status, [input.status]);
  }
  where = and(where, visibleWhere(await visibilityFor(ctx, actor), 'request', r.id));
  const [items, [totalRow]] = await Promise.all([
    loadRequestViews(ctx.db, now, { where, limit, offset }),
    ctx.db.select({ n: count() }).from(r).where(where),
  ]);
  return { items, total: totalRow?.n ?? 0, limit, offset };
}

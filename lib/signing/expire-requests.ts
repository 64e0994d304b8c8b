import { and, inArray, lte } from 'drizzle-orm';
import { schema } from '@/db/client';
import type { Context } from '../context';
import { markExpired } from './resolve-token';

/**
 * The expiry sweep: marks every lapsed pending/opened request expired (each logged once as
 * `request.expire` by the system actor). Run at server start and every minute; reads that notice a
 * lapse first (a scanned link, the request page) record it themselves through the same markExpired.
 */
export async function expireLapsedRequests(ctx: Context, limit = 500): Promise<number> {
  const r = schema.signingRequests;
  const lapsed = await ctx.db
    .select({ id: r.id })
    .from(r)
    .where(and(inArray(r.status, ['pending', 'opened']), lte(r.expiresAt, ctx.clock.now())))
    .limit(limit);
  for (const { id } of lapsed) await markExpired(ctx, id);
  return lapsed.length;
}

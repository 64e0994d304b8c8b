import { and, eq, inArray } from 'drizzle-orm';
import { schema } from '@/db/client';
import type { Actor } from '../auth/actor';
import { visibleWhere, visibilityFor } from '../auth/ownership';
import type { Context } from '../context';
import { loadRequestViews, type SigningRequestView } from './request-view';

/** At most this many requests are listed for one document (the same file sent again and again). */
export const FIND_BY_DOCUMENT_LIMIT = 100;

/**
 * The signing requests of the document with this SHA-256 (lower-case hex, checked by the route)
 * that the actor may see, newest first, by the same rule as the request list: an uploader without
 * "sees all" gets only their own, so the answer never reveals that someone else sent the file.
 */
export async function findRequestsByDocument(ctx: Context, sha256: string, actor?: Actor): Promise<{ sha256: string; items: SigningRequestView[] }> {
  const r = schema.signingRequests;
  const d = schema.documents;
  const documentIds = ctx.db.select({ id: d.id }).from(d).where(eq(d.sha256, sha256));
  const where = and(inArray(r.documentId, documentIds), visibleWhere(await visibilityFor(ctx, actor), 'request', r.id));
  const items = await loadRequestViews(ctx.db, ctx.clock.now(), { where, limit: FIND_BY_DOCUMENT_LIMIT, offset: 0 });
  return { sha256, items };
}

import { createHash } from 'node:crypto';
import { and, inArray, sql, type SQL } from 'drizzle-orm';
import { schema, type Db } from '@/db/client';
import type { Actor } from '../auth/actor';
import { visibleWhere, visibilityFor } from '../auth/ownership';
import type { Context } from '../context';
import { AppError } from '../errors';
import type { ListSigningRequestsInput, RequestFilter, RequestSort } from './request-filter';
import { loadRequestViews, type SigningRequestView } from './request-view';
import { afterPosition, requestWhere, sortKey, sortOrder } from './request-where';

export interface SigningRequestPage {
  items: SigningRequestView[];
  /** Pass as `cursor` (with the same filters and sort) for the next page; null on the last page. */
  nextCursor: string | null;
  limit: number;
}

const r = schema.signingRequests;

/**
 * Which query a cursor belongs to: the filters and the sort, canonically ordered. A cursor carries
 * it, so one from another query is refused instead of silently paging through the wrong list.
 */
function queryFingerprint(filter: RequestFilter, sort: RequestSort): string {
  const entries = Object.entries(filter)
    .filter(([k, v]) => v !== undefined && k !== 'limit' && k !== 'cursor' && k !== 'sort' && k !== 'format')
    .sort(([a], [b]) => a.localeCompare(b));
  return createHash('sha256').update(JSON.stringify([sort, entries])).digest('base64url').slice(0, 16);
}

export function encodeCursor(fingerprint: string, key: string, id: string): string {
  return Buffer.from(JSON.stringify([fingerprint, key, id])).toString('base64url');
}

function decodeCursor(cursor: string, fingerprint: string): { key: string; id: string } {
  let parts: unknown;
  try {
    parts = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parts = null;
  }
  if (!Array.isArray(parts) || parts.length !== 3 || !parts.every((p) => typeof p === 'string')) {
    throw new AppError('VALIDATION_FAILED', 'cursor: expected the nextCursor of a previous page, got something else');
  }
  const [from, key, id] = parts as string[];
  if (from !== fingerprint) {
    throw new AppError('VALIDATION_FAILED', 'cursor: expected a nextCursor of this same query (same filters and sort), got one from another query; start again without cursor');
  }
  return { key: key!, id: id! };
}

/** A timestamp as PostgreSQL writes timestamptz text; anything else in a time cursor is forged. */
const PG_TIMESTAMP = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?[+-]\d{2}(:\d{2})?$/;

export interface KeysetPage {
  ids: string[];
  /** The sort key and id of the row after which the next page starts; null when there is none. */
  next: { key: string; id: string } | null;
}

/**
 * One keyset page of request ids in the sort order: the cheap part (indexes on (key, id)); the
 * views are loaded for those ids only. The key is read back as text so timestamps keep their
 * microseconds across the round trip.
 */
export async function keysetPage(db: Db, where: SQL | undefined, sort: RequestSort, after: { key: string; id: string } | null, limit: number): Promise<KeysetPage> {
  const rows = await db
    .select({ id: r.id, key: sql<string>`(${sortKey(sort)})::text` })
    .from(r)
    .where(and(where, after ? afterPosition(sort, after.key, after.id) : undefined))
    .orderBy(...sortOrder(sort))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return { ids: page.map((row) => row.id), next: rows.length > limit && last ? { key: last.key, id: last.id } : null };
}

/** The filters and the caller's visibility as one WHERE clause, and the fingerprint of the query. */
export async function historyQuery(ctx: Context, input: RequestFilter & { sort?: RequestSort }, actor?: Actor): Promise<{ where: SQL | undefined; fingerprint: string; sort: RequestSort }> {
  const sort = input.sort ?? 'created';
  const { sort: _sort, ...filter } = input;
  const where = and(requestWhere(filter, ctx.clock.now()), visibleWhere(await visibilityFor(ctx, actor), 'request', r.id));
  return { where, fingerprint: queryFingerprint(filter, sort), sort };
}

/**
 * The history, filtered (lib/signing/request-filter.ts), sorted by created (newest first), signed
 * (newest first, unsigned last) or title (A→Z), in keyset pages. An uploader without "sees all"
 * gets only their own requests.
 */
export async function listSigningRequests(ctx: Context, input: ListSigningRequestsInput = {}, actor?: Actor): Promise<SigningRequestPage> {
  const limit = Math.min(Math.max(input.limit ?? 50, 1), 200);
  const { limit: _limit, cursor, ...rest } = input;
  const { where, fingerprint, sort } = await historyQuery(ctx, rest, actor);
  const after = cursor ? decodeCursor(cursor, fingerprint) : null;
  if (after && sort !== 'title' && !PG_TIMESTAMP.test(after.key)) throw new AppError('VALIDATION_FAILED', 'cursor: expected the nextCursor of a previous page, got a damaged one');
  const page = await keysetPage(ctx.db, where, sort, after, limit);
  const views = page.ids.length ? await loadRequestViews(ctx.db, ctx.clock.now(), { where: inArray(r.id, page.ids), limit }) : [];
  const byId = new Map(views.map((v) => [v.id, v]));
  return {
    items: page.ids.map((id) => byId.get(id)).filter((v): v is SigningRequestView => v !== undefined),
    nextCursor: page.next ? encodeCursor(fingerprint, page.next.key, page.next.id) : null,
    limit,
  };
}

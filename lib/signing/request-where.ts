import { and, asc, desc, eq, exists, gt, gte, ilike, inArray, like, lte, or, sql, type SQL } from 'drizzle-orm';
import { schema } from '@/db/client';
import type { RequestFilter, RequestSort } from './request-filter';

const r = schema.signingRequests;

/** `%`, `_` and `\` are LIKE wildcards / the escape (PostgreSQL's default ESCAPE '\'); user text must match literally. */
export const escapeLike = (s: string): string => s.replace(/[\\%_]/g, (c) => `\\${c}`);
const containing = (s: string): string => `%${escapeLike(s)}%`;

/** At most this many words of `q` are used; more words only narrow further and cost a scan each. */
const MAX_TERMS = 8;

function signerMatches(pattern: string): SQL {
  const rs = schema.requestSigners;
  const s = schema.signers;
  return exists(
    sql`(select 1 from ${rs} join ${s} on ${s.id} = ${rs.signerId} where ${rs.requestId} = ${r.id} and (${ilike(s.displayName, pattern)} or ${ilike(s.email, pattern)}))`,
  );
}

function noteMatches(pattern: string): SQL {
  const n = schema.requestNotes;
  return exists(sql`(select 1 from ${n} where ${n.requestId} = ${r.id} and ${ilike(n.body, pattern)})`);
}

function uploaderMatches(value: string): SQL {
  const o = schema.resourceOwners;
  const u = schema.staffUsers;
  const k = schema.apiKeys;
  const p = containing(value);
  return exists(
    sql`(select 1 from ${o} left join ${u} on ${o.ownerKind} = 'staff' and ${u.id} = ${o.ownerId} left join ${k} on ${o.ownerKind} = 'api_key' and ${k.id} = ${o.ownerId}
      where ${o.resourceKind} = 'request' and ${o.resourceId} = ${r.id} and (${o.ownerId} = ${value} or ${ilike(u.name, p)} or ${ilike(k.name, p)}))`,
  );
}

function statusWhere(status: NonNullable<RequestFilter['status']>, now: Date): SQL | undefined {
  // A pending or opened request past its expiry is expired, whether or not a write recorded it yet.
  switch (status) {
    case 'pending':
    case 'opened':
      return and(eq(r.status, status), gt(r.expiresAt, now));
    case 'expired':
      return or(eq(r.status, 'expired'), and(inArray(r.status, ['pending', 'opened']), lte(r.expiresAt, now)));
    default:
      return eq(r.status, status);
  }
}

/**
 * The WHERE clause of the history's filters (combined with AND). Every value is a bound parameter,
 * so text carrying SQL is compared literally. The `q` words are matched with ILIKE, which the
 * pg_trgm GIN indexes serve for words of three or more characters in any script (docs/search.md).
 */
export function requestWhere(f: RequestFilter, now: Date): SQL | undefined {
  const parts: (SQL | undefined)[] = [];
  if (f.createdFrom) parts.push(gte(r.createdAt, new Date(f.createdFrom)));
  if (f.createdTo) parts.push(lte(r.createdAt, new Date(f.createdTo)));
  if (f.signedFrom) parts.push(gte(r.signedAt, new Date(f.signedFrom)));
  if (f.signedTo) parts.push(lte(r.signedAt, new Date(f.signedTo)));
  if (f.documentType) parts.push(eq(r.documentType, f.documentType));
  if (f.status) parts.push(statusWhere(f.status, now));
  if (f.signer) parts.push(signerMatches(containing(f.signer)));
  if (f.uploader) parts.push(uploaderMatches(f.uploader));
  if (f.batch) {
    const b = schema.batchDocuments;
    parts.push(exists(sql`(select 1 from ${b} where ${b.requestId} = ${r.id} and ${b.batchId} = ${f.batch})`));
  }
  if (f.sha256) {
    const d = schema.documents;
    const match = f.sha256.length === 64 ? eq(d.sha256, f.sha256) : like(d.sha256, `${f.sha256}%`);
    parts.push(inArray(r.documentId, sql`(select ${d.id} from ${d} where ${match})`));
  }
  if (f.q) {
    for (const term of searchTerms(f.q)) {
      const p = containing(term);
      parts.push(or(ilike(r.title, p), signerMatches(p), noteMatches(p)));
    }
  }
  return parts.length ? and(...parts) : undefined;
}

/** The words of a search: split on white space (ASCII and ideographic), duplicates dropped. */
export function searchTerms(q: string): string[] {
  return [...new Set(q.split(/[\s\u3000]+/u).filter(Boolean))].slice(0, MAX_TERMS);
}

/** The value a page is ordered by; `signed` puts requests not yet signed last (as the epoch). */
export function sortKey(sort: RequestSort): SQL {
  switch (sort) {
    case 'title':
      return sql`${r.title}`;
    case 'signed':
      return sql`coalesce(${r.signedAt}, to_timestamp(0))`;
    default:
      return sql`${r.createdAt}`;
  }
}

/** Newest first for the times, A→Z for titles; the id breaks ties so the order is total. */
export function sortOrder(sort: RequestSort): SQL[] {
  return sort === 'title' ? [asc(sortKey(sort)), asc(r.id)] : [desc(sortKey(sort)), desc(r.id)];
}

/** Rows strictly after a (key, id) position in that order: a row comparison the (key, id) indexes serve. */
export function afterPosition(sort: RequestSort, key: string, id: string): SQL {
  if (sort === 'title') return sql`(${r.title}, ${r.id}) > (${key}, ${id})`;
  return sql`(${sortKey(sort)}, ${r.id}) < (${key}::timestamptz, ${id})`;
}

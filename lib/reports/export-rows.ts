import { asc, eq, inArray } from 'drizzle-orm';
import { schema, type Db } from '@/db/client';
import { keysetPage } from '../signing/list-signing-requests';
import type { RequestSort } from '../signing/request-filter';
import { effectiveStatus } from '../signing/request-view';
import type { SQL } from 'drizzle-orm';
import type { ReportRow } from './render-report-pdf';

/** One request as every export format carries it. */
export interface ExportRow extends ReportRow {
  documentName: string;
  documentSize: number;
  requestedBy: string | null;
}

/** Rows per database round trip: large enough to amortise the three queries, small enough to keep memory flat. */
export const EXPORT_BATCH = 1_000;

/** The rows of one batch of ids, in the ids' order: requests with documents, signers, ledger indices (3 queries). */
async function loadRows(db: Db, ids: string[], now: Date): Promise<ExportRow[]> {
  const r = schema.signingRequests;
  const d = schema.documents;
  const rs = schema.requestSigners;
  const s = schema.signers;
  const rec = schema.signatureRecords;
  const [requests, signers, leaves] = await Promise.all([
    db
      .select({ id: r.id, title: r.title, documentType: r.documentType, status: r.status, expiresAt: r.expiresAt, createdAt: r.createdAt, signedAt: r.signedAt, requestedBy: r.requestedBy, sha256: d.sha256, name: d.originalName, size: d.size })
      .from(r)
      .innerJoin(d, eq(d.id, r.documentId))
      .where(inArray(r.id, ids)),
    db.select({ requestId: rs.requestId, name: s.displayName, email: s.email }).from(rs).innerJoin(s, eq(s.id, rs.signerId)).where(inArray(rs.requestId, ids)).orderBy(asc(rs.requestId), asc(rs.position)),
    db.select({ requestId: rec.requestId, idx: schema.ledgerLeaves.idx }).from(rec).innerJoin(schema.ledgerLeaves, eq(schema.ledgerLeaves.recordId, rec.id)).where(inArray(rec.requestId, ids)).orderBy(asc(schema.ledgerLeaves.idx)),
  ]);
  const signersOf = new Map<string, { name: string; email: string | null }[]>();
  for (const x of signers) signersOf.set(x.requestId, [...(signersOf.get(x.requestId) ?? []), { name: x.name, email: x.email }]);
  const leavesOf = new Map<string, number[]>();
  for (const x of leaves) leavesOf.set(x.requestId, [...(leavesOf.get(x.requestId) ?? []), Number(x.idx)]);
  const byId = new Map(requests.map((q) => [q.id, q]));
  return ids.flatMap((id) => {
    const q = byId.get(id);
    if (!q) return [];
    return [
      {
        id,
        title: q.title,
        documentType: q.documentType,
        status: effectiveStatus(q, now),
        signers: signersOf.get(id) ?? [],
        createdAt: q.createdAt,
        signedAt: q.signedAt,
        sha256: q.sha256,
        ledgerIndices: leavesOf.get(id) ?? [],
        tags: [],
        documentName: q.name,
        documentSize: q.size,
        requestedBy: q.requestedBy,
      },
    ];
  });
}

/**
 * Every matching row in the sort order, read in keyset batches: memory holds one batch whatever
 * the total, and a consumer that stops pulling stops the reading.
 */
export async function* exportRows(db: Db, where: SQL | undefined, sort: RequestSort, now: Date, max = Infinity): AsyncGenerator<ExportRow[]> {
  let after: { key: string; id: string } | null = null;
  let sent = 0;
  while (sent < max) {
    const page = await keysetPage(db, where, sort, after, Math.min(EXPORT_BATCH, max - sent));
    if (page.ids.length === 0) return;
    sent += page.ids.length;
    yield await loadRows(db, page.ids, now);
    if (!page.next) return;
    after = page.next;
  }
}

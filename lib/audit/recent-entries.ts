import { desc, eq } from 'drizzle-orm';
import { schema } from '@/db/client';
import type { Context } from '../context';

/** One row of the ledger page: what a leaf describes, without its bytes. */
export interface RecentLedgerEntry {
  index: number;
  /** ledger_leaves.kind: "signature" or "certificate". */
  kind: string;
  /** The signature record id, or the certificate event id. */
  recordId: string;
  /** ISO 8601 time the leaf was appended. */
  loggedAt: string;
  /** Certificate leaves only: the event and the certificate it concerns. */
  certificate: { event: string; certificateId: string; role: string; subject: string } | null;
}

/**
 * The newest `limit` leaves, newest first, with the certificate event each certificate leaf logs.
 * One indexed query (ledger_leaves primary key, descending; certificate_events primary key).
 */
export async function listRecentLedgerEntries(ctx: Context, limit = 20): Promise<RecentLedgerEntry[]> {
  const rows = await ctx.db
    .select({ leaf: schema.ledgerLeaves, event: schema.certificateEvents, certificate: schema.certificates })
    .from(schema.ledgerLeaves)
    .leftJoin(schema.certificateEvents, eq(schema.certificateEvents.id, schema.ledgerLeaves.recordId))
    .leftJoin(schema.certificates, eq(schema.certificates.id, schema.certificateEvents.certificateId))
    .orderBy(desc(schema.ledgerLeaves.idx))
    .limit(Math.max(1, Math.min(limit, 200)));
  return rows.map(({ leaf, event, certificate }) => ({
    index: leaf.idx,
    kind: leaf.kind,
    recordId: leaf.recordId,
    loggedAt: leaf.createdAt.toISOString(),
    certificate: event && certificate ? { event: event.event, certificateId: certificate.id, role: certificate.role, subject: certificate.subject } : null,
  }));
}

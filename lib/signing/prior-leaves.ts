import { asc, eq } from 'drizzle-orm';
import { schema, type Db } from '@/db/client';
import { hashLeaf } from '../ledger/merkle-hash';

/**
 * The RFC 9162 leaf hashes, SHA-256(0x00 ‖ leaf data) as lowercase hex, of every signature recorded
 * on a request so far, in ledger order: what a v2 statement's prior-leaves commits to.
 */
export async function priorLeafHashes(db: Db, requestId: string): Promise<string[]> {
  const rows = await db
    .select({ data: schema.ledgerLeaves.data })
    .from(schema.signatureRecords)
    .innerJoin(schema.ledgerLeaves, eq(schema.ledgerLeaves.recordId, schema.signatureRecords.id))
    .where(eq(schema.signatureRecords.requestId, requestId))
    .orderBy(asc(schema.ledgerLeaves.idx));
  return rows.map((r) => Buffer.from(hashLeaf(Buffer.from(r.data, 'base64url'))).toString('hex'));
}

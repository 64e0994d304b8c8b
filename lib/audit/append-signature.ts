import { eq } from 'drizzle-orm';
import { schema } from '@/db/client';
import type { Context } from '../context';
import { appendLeaves } from '../ledger/append-leaves';
import { formatCheckpoint } from '../ledger/checkpoint';
import { hashLeaf } from '../ledger/merkle-hash';
import { signCheckpoint } from '../ledger/sign-checkpoint';
import { encodeSignatureLeaf, type SignatureLeafInput } from '../ledger/signature-leaf';
import type { LedgerKey } from './ledger-key';
import { b64u, ledgerOrigin, nodeReader, writeNodes, type Queryable } from './ledger-store';

const HEAD_ROW = 1;

export interface AppendedEntry {
  index: number;
  treeSize: number;
}

/**
 * Appends one signature record to the ledger inside the caller's transaction, and signs and stores
 * the checkpoint for the new size in the same transaction: when it commits, the record, its leaf
 * and a checkpoint covering it are all durable, or none of them is.
 *
 * Serialisation: the single ledger_head row is locked FOR UPDATE (created by the first append with
 * ON CONFLICT DO NOTHING, which under READ COMMITTED waits for a concurrent creator). Every append
 * on every instance takes it, so each starts from the committed size and indexes are gapless and
 * unique. Take it last in the transaction to hold it briefly.
 */
export async function appendSignature(tx: Queryable, ctx: Context, key: LedgerKey, leaf: SignatureLeafInput): Promise<AppendedEntry> {
  const data = encodeSignatureLeaf(leaf);
  const now = ctx.clock.now();
  await tx.insert(schema.ledgerHead).values({ id: HEAD_ROW, treeSize: 0 }).onConflictDoNothing();
  const [head] = await tx.select().from(schema.ledgerHead).where(eq(schema.ledgerHead.id, HEAD_ROW)).for('update');
  if (!head) throw new Error('expected the ledger head row after creating it; it is absent');

  const result = await appendLeaves(nodeReader(tx), head.treeSize, [hashLeaf(data)]);
  const origin = ledgerOrigin(ctx);
  const checkpoint = signCheckpoint(formatCheckpoint({ origin, treeSize: result.treeSize, rootHash: result.rootHash }), origin, key.privateKey);

  await tx.insert(schema.ledgerLeaves).values({ idx: head.treeSize, kind: 'signature', data: b64u(data), recordId: leaf.recordId, createdAt: now });
  await writeNodes(tx, result.nodes);
  await tx.insert(schema.ledgerCheckpoints).values({ treeSize: result.treeSize, rootHash: b64u(result.rootHash), checkpoint, createdAt: now });
  await tx.update(schema.ledgerHead).set({ treeSize: result.treeSize }).where(eq(schema.ledgerHead.id, HEAD_ROW));
  return { index: head.treeSize, treeSize: result.treeSize };
}

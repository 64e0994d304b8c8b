import { eq, sql } from 'drizzle-orm';
import { schema } from '@/db/client';
import type { Context } from '../context';
import { appendFromNodes, appendNodeIds } from '../ledger/append-leaves';
import { formatCheckpoint } from '../ledger/checkpoint';
import { LedgerError } from '../ledger/ledger-error';
import { HASH_SIZE, hashLeaf } from '../ledger/merkle-hash';
import { readNodes } from '../ledger/node-store';
import { signCheckpoint } from '../ledger/sign-checkpoint';
import type { LedgerKey } from './ledger-key';
import { b64u, decodeFrontier, encodeFrontier, nodeReader, type Queryable } from './ledger-store';
import { logOrigin } from './log-origin';

const HEAD_ROW = 1;

export interface AppendedEntry {
  index: number;
  treeSize: number;
}

export interface LeafToAppend {
  /** ledger_leaves.kind, e.g. "signature". */
  kind: string;
  /** The exact leaf bytes (hashed as RFC 9162 §2.1.1 leaf input). */
  data: Uint8Array;
  /** The record the leaf describes (unique across the log). */
  recordId: string;
}

type Head = typeof schema.ledgerHead.$inferSelect;

/**
 * Locks the single ledger_head row (SELECT … FOR UPDATE) and returns it. The first append ever
 * creates it with ON CONFLICT DO NOTHING, which under READ COMMITTED waits for a concurrent
 * creator, then locks it like everyone else.
 */
async function lockHead(tx: Queryable): Promise<Head> {
  const select = () => tx.select().from(schema.ledgerHead).where(eq(schema.ledgerHead.id, HEAD_ROW)).for('update');
  let [head] = await select();
  if (!head) {
    await tx.insert(schema.ledgerHead).values({ id: HEAD_ROW, treeSize: 0 }).onConflictDoNothing();
    [head] = await select();
  }
  if (!head) throw new Error('expected the ledger head row after creating it; it is absent');
  return head;
}

/** The frontier hashes for head.treeSize: cached in the head row when current, else from ledger_nodes. */
async function frontierOf(tx: Queryable, head: Head): Promise<Uint8Array[]> {
  const cached = head.frontier !== null && head.frontierSize === head.treeSize ? decodeFrontier(head.frontier) : undefined;
  const ids = appendNodeIds(head.treeSize);
  if (cached && cached.length === ids.length && cached.every((h) => h.length === HASH_SIZE)) return cached;
  return readNodes(nodeReader(tx), ids);
}

/** Leaves per batch: keeps one append statement well under PostgreSQL's 65,535 bind parameters (≈ 11 per leaf). */
export const MAX_BATCH_LEAVES = 1000;

/**
 * Appends leaves inside the caller's transaction, and signs and stores one checkpoint for the new
 * size in the same transaction: when it commits, the leaves, their nodes and a checkpoint covering
 * them are all durable, or none of them is. Returns one entry per leaf, in order; each entry's
 * treeSize is the size of that checkpoint.
 *
 * Serialisation: every append on every instance locks the ledger_head row, so each starts from the
 * committed size and indexes are gapless and unique. The lock is held until the caller commits, so
 * this costs two statements while holding it: the locking read, which also returns the cached
 * frontier (the only stored hashes an append needs, lib/ledger/append-leaves.ts), and one
 * statement writing the leaves, the new nodes, the checkpoint and the new head (data-modifying
 * CTEs, PostgreSQL "WITH Queries" §7.8.4). Take it last in the transaction to hold it briefly.
 *
 * Batching: the head lock is held through the commit's WAL flush, so one leaf per transaction
 * caps the log at one flush per leaf; k leaves per transaction share the lock, the statements, the
 * checkpoint signature and the flush.
 */
export async function appendLeafBatch(tx: Queryable, ctx: Context, key: LedgerKey, leaves: readonly LeafToAppend[]): Promise<AppendedEntry[]> {
  if (leaves.length === 0) return [];
  if (leaves.length > MAX_BATCH_LEAVES) throw new LedgerError('INVALID_ARGUMENT', `expected at most ${MAX_BATCH_LEAVES} leaves per append, got ${leaves.length}`);
  const now = ctx.clock.now();
  const head = await lockHead(tx);
  const first = head.treeSize;
  const result = appendFromNodes(first, await frontierOf(tx, head), leaves.map((l) => hashLeaf(l.data)));
  const origin = await logOrigin(ctx, tx);
  const checkpoint = signCheckpoint(formatCheckpoint({ origin, treeSize: result.treeSize, rootHash: result.rootHash }), origin, key.privateKey);

  const leafInsert = tx.insert(schema.ledgerLeaves).values(leaves.map((l, j) => ({ idx: first + j, kind: l.kind, data: b64u(l.data), recordId: l.recordId, createdAt: now })));
  const nodesInsert = tx.insert(schema.ledgerNodes).values(result.nodes.map((n) => ({ level: n.id.level, idx: n.id.index, hash: b64u(n.hash) })));
  const checkpointInsert = tx.insert(schema.ledgerCheckpoints).values({ treeSize: result.treeSize, rootHash: b64u(result.rootHash), checkpoint, createdAt: now });
  const headUpdate = tx
    .update(schema.ledgerHead)
    .set({ treeSize: result.treeSize, frontier: encodeFrontier(result.frontier), frontierSize: result.treeSize })
    .where(eq(schema.ledgerHead.id, HEAD_ROW));
  // An append always writes its leaf nodes (level 0), so nodesInsert is never empty.
  await tx.execute(sql`WITH leaf AS (${leafInsert.getSQL()}), nodes AS (${nodesInsert.getSQL()}), checkpoint AS (${checkpointInsert.getSQL()}) ${headUpdate.getSQL()}`);
  return leaves.map((_, j) => ({ index: first + j, treeSize: result.treeSize }));
}

/** appendLeafBatch of one leaf: the leaf gets its own checkpoint. */
export async function appendLeaf(tx: Queryable, ctx: Context, key: LedgerKey, leaf: LeafToAppend): Promise<AppendedEntry> {
  const [entry] = await appendLeafBatch(tx, ctx, key, [leaf]);
  if (!entry) throw new Error('expected one ledger entry for one leaf, got none');
  return entry;
}

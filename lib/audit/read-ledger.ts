import { desc, eq } from 'drizzle-orm';
import { schema } from '@/db/client';
import type { Context } from '../context';
import { AppError } from '../errors';
import { encodeBase64 } from '../ledger/base64';
import { readConsistencyProof } from '../ledger/consistency-proof';
import { readInclusionProof } from '../ledger/inclusion-proof';
import { formatVerifierKey } from '../ledger/verifier-key';
import { fromB64u, nodeReader } from './ledger-store';
import { logOrigin } from './log-origin';

export interface LatestCheckpoint {
  treeSize: number;
  /** base64url root hash. */
  rootHash: string;
  /** The signed note text. */
  checkpoint: string;
}

/** The newest signed checkpoint; LEDGER_EMPTY before the first signature. */
export async function getLatestCheckpoint(ctx: Context): Promise<LatestCheckpoint> {
  const [row] = await ctx.db.select().from(schema.ledgerCheckpoints).orderBy(desc(schema.ledgerCheckpoints.treeSize)).limit(1);
  if (!row) throw new AppError('LEDGER_EMPTY', 'expected at least one signature in the ledger, found none, so no checkpoint has been signed yet');
  return { treeSize: row.treeSize, rootHash: row.rootHash, checkpoint: row.checkpoint };
}

/** The note verifier key "<name>+<hex key ID>+<base64(0x01 ‖ public key)>" of the log. */
export async function getVerifierKey(ctx: Context): Promise<string> {
  const [row] = await ctx.db.select({ publicKey: schema.ledgerKeys.publicKey }).from(schema.ledgerKeys).where(eq(schema.ledgerKeys.id, 1));
  if (!row) throw new AppError('LEDGER_EMPTY', 'expected the ledger key to exist; it is created with the first signature and there is none yet');
  return formatVerifierKey(await logOrigin(ctx), fromB64u(row.publicKey));
}

/** The committed log size (0 when empty). */
export async function getTreeSize(ctx: Context): Promise<number> {
  const [head] = await ctx.db.select().from(schema.ledgerHead).where(eq(schema.ledgerHead.id, 1));
  return head?.treeSize ?? 0;
}

const range = (message: string): AppError => new AppError('LEDGER_RANGE', message);

export interface LedgerEntry {
  index: number;
  kind: string;
  /** base64 (RFC 4648 §4, padded) of the exact leaf bytes. */
  data: string;
}

export async function getLedgerEntry(ctx: Context, index: number): Promise<LedgerEntry> {
  const [row] = await ctx.db.select().from(schema.ledgerLeaves).where(eq(schema.ledgerLeaves.idx, index));
  if (!row) throw range(`expected an index below the log size ${await getTreeSize(ctx)}, got ${index}`);
  return { index: row.idx, kind: row.kind, data: encodeBase64(fromB64u(row.data)) };
}

export interface InclusionProof {
  index: number;
  treeSize: number;
  /** base64 hashes, RFC 9162 §2.1.3.1 order. */
  hashes: string[];
}

export async function getInclusionProof(ctx: Context, index: number, treeSize: number): Promise<InclusionProof> {
  if (index >= treeSize) throw range(`expected index below treeSize ${treeSize}, got ${index}`);
  // The head and the proof's nodes in parallel (two pooled connections on PostgreSQL): nodes are
  // immutable once written, so reading them before the size check changes nothing but latency.
  // A node read that fails because treeSize is beyond the log is reported as the range error.
  const [size, proof] = await Promise.allSettled([getTreeSize(ctx), readInclusionProof(nodeReader(ctx.db), index, treeSize)]);
  if (size.status === 'rejected') throw size.reason;
  if (treeSize > size.value) throw range(`expected treeSize at most the log size ${size.value}, got ${treeSize}`);
  if (proof.status === 'rejected') throw proof.reason;
  return { index, treeSize, hashes: proof.value.map(encodeBase64) };
}

export interface ConsistencyProof {
  from: number;
  to: number;
  hashes: string[];
}

export async function getConsistencyProof(ctx: Context, from: number, to: number): Promise<ConsistencyProof> {
  const size = await getTreeSize(ctx);
  if (to > size) throw range(`expected "to" at most the log size ${size}, got ${to}`);
  if (from > to) throw range(`expected "from" at most "to" (${to}), got ${from}`);
  const proof = await readConsistencyProof(nodeReader(ctx.db), from, to);
  return { from, to, hashes: proof.map(encodeBase64) };
}

export interface LedgerOverview {
  /** The checkpoint origin and key name, e.g. "sign.example.com/ledger". */
  origin: string;
  treeSize: number;
  latest: LatestCheckpoint | null;
  verifierKey: string | null;
}

/** What the /ledger page shows; an empty log is a state, not an error. */
export async function getLedgerOverview(ctx: Context): Promise<LedgerOverview> {
  const orNull = <T>(p: Promise<T>): Promise<T | null> => p.catch((e: unknown) => (e instanceof AppError && e.code === 'LEDGER_EMPTY' ? null : Promise.reject(e)));
  const [treeSize, latest, verifierKey, origin] = await Promise.all([getTreeSize(ctx), orNull(getLatestCheckpoint(ctx)), orNull(getVerifierKey(ctx)), logOrigin(ctx)]);
  return { origin, treeSize, latest, verifierKey };
}

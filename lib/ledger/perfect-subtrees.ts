import { hashChildren } from './merkle-hash';
import { LedgerError } from './ledger-error';

/**
 * A perfect subtree of the log, addressed the way tile-based logs (c2sp.org/tlog-tiles) and
 * Trillian address them: node (level L, index i) is the Merkle Tree Hash of leaves
 * [i·2^L, (i+1)·2^L). Level 0 holds the leaf hashes.
 *
 * Why only perfect subtrees: once leaf (i+1)·2^L − 1 is appended, node (L, i) never changes again,
 * so an append-only store can write it once and keep it forever. The right edge of a tree whose
 * size is not a power of two is never stored; it is recomputed from at most log2(n) perfect
 * subtrees whenever a root or proof needs it (see perfectSubtrees).
 */
export interface NodeId {
  readonly level: number;
  readonly index: number;
}

/** A node and its hash, as a store writes it. */
export interface NodeHash {
  readonly id: NodeId;
  readonly hash: Uint8Array;
}

/** The deepest level that fits a safe integer leaf index; 2^53 leaves is far beyond any real log. */
const MAX_LEVEL = 53;

/** Throws unless `value` is a non-negative safe integer; sizes and indexes beyond 2^53 lose precision. */
export function assertCount(value: number, what: string): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new LedgerError('INVALID_ARGUMENT', `expected ${what} to be a non-negative safe integer, got ${String(value)}`);
  }
}

/** The leaves node (level, index) covers: [begin, end). */
export function nodeRange(id: NodeId): { begin: number; end: number } {
  const width = 2 ** id.level;
  return { begin: id.index * width, end: (id.index + 1) * width };
}

/** The k of RFC 9162 §2.1.1: "the largest power of two smaller than n (i.e., k < n <= 2k)". n ≥ 2. */
export function largestPowerOfTwoBelow(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/**
 * The perfect subtrees, left to right, whose hashes fold into MTH(D[begin:end]) for a subtree
 * [begin, end) of the RFC 9162 §2.1.1 recursion (the whole tree, or any part the "largest power of
 * two smaller than n" split produces).
 *
 * Why this works: in that recursion `begin` is always a multiple of the next power of two ≥
 * end − begin, and MTH splits off the largest power of two on the left and recurses on the rest.
 * So the pieces are exactly the set bits of (end − begin), high to low, each one aligned, and
 * MTH(D[begin:end]) = HASH(0x01 ‖ piece₁ ‖ HASH(0x01 ‖ piece₂ ‖ … )) — see foldSubtrees.
 * At most ⌊log2(end − begin)⌋ + 1 pieces.
 */
export function perfectSubtrees(begin: number, end: number): NodeId[] {
  const ids: NodeId[] = [];
  let at = begin;
  while (at < end) {
    let level = 0;
    while (level < MAX_LEVEL && 2 ** (level + 1) <= end - at) level += 1;
    const width = 2 ** level;
    if (at % width !== 0) {
      // Only reachable if a caller passes a range that is not an RFC 9162 subtree.
      throw new LedgerError('INVALID_ARGUMENT', `expected [${begin}, ${end}) to be a subtree of the RFC 9162 recursion; leaf ${at} is not aligned to ${width}`);
    }
    ids.push({ level, index: at / width });
    at += width;
  }
  return ids;
}

/**
 * MTH of an RFC subtree from its perfect pieces (as listed by perfectSubtrees): the rightmost
 * pieces combine first, because §2.1.1 always puts the power-of-two part on the left.
 */
export function foldSubtrees(hashes: readonly Uint8Array[]): Uint8Array {
  const last = hashes[hashes.length - 1];
  if (last === undefined) throw new LedgerError('INVALID_ARGUMENT', 'expected at least one subtree hash to fold, got none');
  let acc = last;
  for (let i = hashes.length - 2; i >= 0; i--) acc = hashChildren(hashes[i] as Uint8Array, acc);
  return acc;
}

/**
 * A proof is a list of subtree hashes; each element is the fold of a group of perfect subtrees.
 * This splits the flat list of fetched node hashes back into groups and folds each one.
 */
export function foldGroups(groups: readonly (readonly NodeId[])[], hashes: readonly Uint8Array[], what: string): Uint8Array[] {
  const expected = groups.reduce((sum, g) => sum + g.length, 0);
  if (hashes.length !== expected) {
    throw new LedgerError('STORE_INCONSISTENT', `expected ${expected} node hashes for ${what}, got ${hashes.length}`);
  }
  let at = 0;
  return groups.map((group) => {
    const element = foldSubtrees(hashes.slice(at, at + group.length));
    at += group.length;
    return element;
  });
}

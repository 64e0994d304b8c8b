import { emptyTreeHash } from './merkle-hash';
import { readNodes, type HashReader } from './node-store';
import { assertCount, foldSubtrees, perfectSubtrees, type NodeId } from './perfect-subtrees';
import { LedgerError } from './ledger-error';

/**
 * The stored nodes whose hashes make the root of a tree of `treeSize` leaves: one perfect subtree
 * per set bit of treeSize (RFC 9162 §2.1.1's recursion keeps splitting off the largest power of two
 * on the left), so at most ⌊log2 n⌋ + 1 nodes. None for the empty tree.
 */
export function rootNodeIds(treeSize: number): NodeId[] {
  assertCount(treeSize, 'the tree size');
  return perfectSubtrees(0, treeSize);
}

/** MTH(D[treeSize]) from the hashes of rootNodeIds(treeSize), in that order. */
export function rootFromNodes(treeSize: number, hashes: readonly Uint8Array[]): Uint8Array {
  const ids = rootNodeIds(treeSize);
  if (hashes.length !== ids.length) {
    throw new LedgerError('STORE_INCONSISTENT', `expected ${ids.length} node hashes for the root of a tree of ${treeSize} leaves, got ${hashes.length}`);
  }
  // RFC 9162 §2.1.1: "The hash of an empty list is the hash of an empty string".
  return treeSize === 0 ? emptyTreeHash() : foldSubtrees(hashes);
}

/** The root of the tree of `treeSize` leaves, in one read of O(log n) nodes. */
export async function readRoot(reader: HashReader, treeSize: number): Promise<Uint8Array> {
  return rootFromNodes(treeSize, await readNodes(reader, rootNodeIds(treeSize)));
}

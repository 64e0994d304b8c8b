import { LedgerError } from './ledger-error';
import { readNodes, type HashReader } from './node-store';
import { assertCount, foldGroups, largestPowerOfTwoBelow, perfectSubtrees, type NodeId } from './perfect-subtrees';

/**
 * RFC 9162 §2.1.3.1 defines the inclusion proof (audit path) recursively:
 *
 *   "PATH(m, {d(0)}) = {}
 *    [...] for m < k: PATH(m, D_n) = PATH(m, D[0:k]) : MTH(D[k:n])
 *          for m >= k: PATH(m, D_n) = PATH(m - k, D[k:n]) : MTH(D[0:k])"
 *
 * Walking that recursion from the top, each step contributes one proof element, the MTH of the
 * sibling subtree. A left sibling D[a:a+k] is always a perfect subtree (one stored node). A right
 * sibling D[a+k:b] is perfect except on the tree's ragged right edge, and once the path turns left
 * into a perfect subtree every later sibling is perfect too, so at most one element needs more
 * than one node (≤ log2 n of them). Total reads ≤ 2·⌈log2 n⌉.
 *
 * Returns one group of perfect-subtree ids per proof element, in proof order (leaf upwards).
 */
function inclusionGroups(index: number, treeSize: number): NodeId[][] {
  assertCount(index, 'the leaf index');
  assertCount(treeSize, 'the tree size');
  if (index >= treeSize) {
    throw new LedgerError('INVALID_ARGUMENT', `expected a leaf index below the tree size ${treeSize}, got ${index}`);
  }
  const topDown: NodeId[][] = [];
  let begin = 0;
  let end = treeSize;
  while (end - begin > 1) {
    const k = largestPowerOfTwoBelow(end - begin);
    if (index < begin + k) {
      topDown.push(perfectSubtrees(begin + k, end));
      end = begin + k;
    } else {
      topDown.push(perfectSubtrees(begin, begin + k));
      begin += k;
    }
  }
  return topDown.reverse();
}

/** The stored nodes an inclusion proof for leaf `index` in a tree of `treeSize` leaves is built from. */
export function inclusionNodeIds(index: number, treeSize: number): NodeId[] {
  return inclusionGroups(index, treeSize).flat();
}

/**
 * The RFC 9162 §2.1.3.1 inclusion proof (the `inclusion_path` of §4.12 `inclusion_proof_v2`) from
 * the hashes of inclusionNodeIds(index, treeSize), in that order.
 */
export function inclusionProofFromNodes(index: number, treeSize: number, hashes: readonly Uint8Array[]): Uint8Array[] {
  return foldGroups(inclusionGroups(index, treeSize), hashes, `the inclusion proof of leaf ${index} in a tree of ${treeSize} leaves`);
}

/** The inclusion proof for leaf `index` in the tree of `treeSize` leaves, in one read of O(log n) nodes. */
export async function readInclusionProof(reader: HashReader, index: number, treeSize: number): Promise<Uint8Array[]> {
  return inclusionProofFromNodes(index, treeSize, await readNodes(reader, inclusionNodeIds(index, treeSize)));
}

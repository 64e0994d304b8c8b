import { LedgerError } from './ledger-error';
import { readNodes, type HashReader } from './node-store';
import { assertCount, foldGroups, largestPowerOfTwoBelow, perfectSubtrees, type NodeId } from './perfect-subtrees';

/**
 * RFC 9162 §2.1.4.1 defines the consistency proof between sizes 0 < m < n recursively:
 *
 *   "PROOF(m, D_n) = SUBPROOF(m, D_n, true)
 *    SUBPROOF(m, D_m, true) = {}
 *    SUBPROOF(m, D_m, false) = {MTH(D_m)}
 *    [...] If m <= k: SUBPROOF(m, D_n, b) = SUBPROOF(m, D[0:k], b) : MTH(D[k:n])
 *          If m > k:  SUBPROOF(m, D_n, b) = SUBPROOF(m - k, D[k:n], false) : MTH(D[0:k])"
 *
 * As for inclusion, each step adds the MTH of a sibling subtree; a left sibling is one perfect
 * node, and only the first right sibling taken on the ragged right edge can be imperfect. The final
 * MTH(D_m) of the `false` case is perfect: the recursion only reaches m = n inside a subtree after
 * turning left into a perfect one. So ≤ 2·⌈log2 n⌉ + 1 reads.
 *
 * Returns one group of perfect-subtree ids per proof element, in proof order (deepest first).
 * m = n and m = 0 have the empty proof (RFC 9162 §2.1.4.2 verifies them by comparing roots).
 */
function consistencyGroups(oldSize: number, newSize: number): NodeId[][] {
  assertCount(oldSize, 'the old tree size');
  assertCount(newSize, 'the new tree size');
  if (oldSize > newSize) {
    throw new LedgerError('INVALID_ARGUMENT', `expected the old tree size to be at most the new size ${newSize}, got ${oldSize}`);
  }
  if (oldSize === 0 || oldSize === newSize) return [];
  const topDown: NodeId[][] = [];
  let begin = 0;
  let end = newSize;
  let complete = true; // the `b` flag: are we still on the old tree's own root path?
  for (;;) {
    if (oldSize === end) {
      if (!complete) topDown.push(perfectSubtrees(begin, end));
      break;
    }
    const k = largestPowerOfTwoBelow(end - begin);
    if (oldSize <= begin + k) {
      topDown.push(perfectSubtrees(begin + k, end));
      end = begin + k;
    } else {
      topDown.push(perfectSubtrees(begin, begin + k));
      begin += k;
      complete = false;
    }
  }
  return topDown.reverse();
}

/** The stored nodes a consistency proof from `oldSize` to `newSize` is built from. */
export function consistencyNodeIds(oldSize: number, newSize: number): NodeId[] {
  return consistencyGroups(oldSize, newSize).flat();
}

/**
 * The RFC 9162 §2.1.4.1 consistency proof (the `consistency_path` of §4.13 `consistency_proof_v2`)
 * from the hashes of consistencyNodeIds(oldSize, newSize), in that order.
 */
export function consistencyProofFromNodes(oldSize: number, newSize: number, hashes: readonly Uint8Array[]): Uint8Array[] {
  return foldGroups(consistencyGroups(oldSize, newSize), hashes, `the consistency proof from ${oldSize} to ${newSize} leaves`);
}

/** The consistency proof from the tree of `oldSize` leaves to that of `newSize`, in one read of O(log n) nodes. */
export async function readConsistencyProof(reader: HashReader, oldSize: number, newSize: number): Promise<Uint8Array[]> {
  return consistencyProofFromNodes(oldSize, newSize, await readNodes(reader, consistencyNodeIds(oldSize, newSize)));
}

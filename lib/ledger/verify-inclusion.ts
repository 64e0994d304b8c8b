import { LedgerError } from './ledger-error';
import { assertHash, hashChildren, hashesEqual, toHex } from './merkle-hash';
import { assertCount } from './perfect-subtrees';

const odd = (x: number): boolean => x % 2 === 1;
// Right shifts by division: JavaScript's >> works on 32 bits, tree sizes may exceed 2^32.
const half = (x: number): number => Math.floor(x / 2);

/**
 * How many hashes an inclusion proof for `index` in a tree of `treeSize` must hold: the number of
 * iterations the §2.1.3.2 loop below makes before sn reaches 0. Only used to word the error when
 * that loop rejects a proof for its length.
 */
export function inclusionProofLength(index: number, treeSize: number): number {
  let fn = index;
  let sn = treeSize - 1;
  let length = 0;
  while (sn > 0) {
    if (!odd(fn) && fn === sn) {
      while (!odd(fn) && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    }
    fn = half(fn);
    sn = half(sn);
    length += 1;
  }
  return length;
}

/**
 * Checks that `leafHash` is leaf `index` of the tree of `treeSize` leaves whose root is `root`,
 * following RFC 9162 §2.1.3.2 step by step. Throws a LedgerError saying what did not hold; returns
 * nothing when the proof is good. Pure and synchronous: the offline verifier runs it as is.
 *
 * (Throwing rather than returning false means a caller who forgets to look at the result cannot
 * accept a bad proof by accident.)
 */
export function verifyInclusion(leafHash: Uint8Array, index: number, treeSize: number, proof: readonly Uint8Array[], root: Uint8Array): void {
  assertCount(index, 'the leaf index');
  assertCount(treeSize, 'the tree size');
  assertHash(leafHash, 'the leaf hash');
  assertHash(root, 'the root hash');
  proof.forEach((p, i) => assertHash(p, `inclusion proof element ${i}`));

  // "1. Compare leaf_index from the inclusion_proof_v2 structure against tree_size. If leaf_index is
  //     greater than or equal to tree_size, then fail the proof verification."
  if (index >= treeSize) {
    throw new LedgerError('PROOF_INVALID', `expected a leaf index below the tree size ${treeSize}, got ${index}`);
  }
  const wrongLength = (): LedgerError =>
    new LedgerError('PROOF_INVALID', `expected ${inclusionProofLength(index, treeSize)} hashes in the inclusion proof of leaf ${index} in a tree of ${treeSize} leaves, got ${proof.length}`);

  // "2. Set fn to leaf_index and sn to tree_size - 1.
  //  3. Set r to hash."
  let fn = index;
  let sn = treeSize - 1;
  let r = leafHash;
  // "4. For each value p in the inclusion_path array:"
  for (const p of proof) {
    // "a. If sn is 0, then stop the iteration and fail the proof verification."
    if (sn === 0) throw wrongLength();
    // "b. If LSB(fn) is set, or if fn is equal to sn, then:"
    if (odd(fn) || fn === sn) {
      // "i. Set r to HASH(0x01 || p || r)."
      r = hashChildren(p, r);
      // "ii. If LSB(fn) is not set, then right-shift both fn and sn equally until either LSB(fn)
      //      is set or fn is 0."
      while (!odd(fn) && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    } else {
      // "Otherwise: i. Set r to HASH(0x01 || r || p)."
      r = hashChildren(r, p);
    }
    // "c. Finally, right-shift both fn and sn one time."
    fn = half(fn);
    sn = half(sn);
  }
  // "5. Compare sn to 0. Compare r against the root_hash. If sn is equal to 0 and r and the
  //     root_hash are equal, then the log has proven the inclusion of hash. Otherwise, fail the
  //     proof verification."
  if (sn !== 0) throw wrongLength();
  if (!hashesEqual(r, root)) {
    throw new LedgerError('PROOF_INVALID', `expected the inclusion proof of leaf ${index} in a tree of ${treeSize} leaves to lead to root ${toHex(root)}, it leads to ${toHex(r)}`);
  }
}

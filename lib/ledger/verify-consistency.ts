import { LedgerError } from './ledger-error';
import { assertHash, emptyTreeHash, hashChildren, hashesEqual, toHex } from './merkle-hash';
import { assertCount } from './perfect-subtrees';

const odd = (x: number): boolean => x % 2 === 1;
// Right shifts by division: JavaScript's >> works on 32 bits, tree sizes may exceed 2^32.
const half = (x: number): number => Math.floor(x / 2);
const isPowerOfTwo = (x: number): boolean => x > 0 && 2 ** Math.round(Math.log2(x)) === x;

/**
 * How many hashes a consistency proof from `oldSize` to `newSize` (0 < old < new) must hold: the
 * §2.1.4.2 loop below, counted instead of hashed, plus the first element it starts from (which the
 * verifier supplies itself when oldSize is a power of two). Only used to word the error when that
 * loop rejects a proof for its length.
 */
export function consistencyProofLength(oldSize: number, newSize: number): number {
  let fn = oldSize - 1;
  let sn = newSize - 1;
  while (odd(fn)) {
    fn = half(fn);
    sn = half(sn);
  }
  let length = isPowerOfTwo(oldSize) ? 0 : 1;
  while (sn > 0) {
    if (odd(fn) || fn === sn) {
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
 * Checks that the tree of `oldSize` leaves with root `oldRoot` is a prefix of the tree of `newSize`
 * leaves with root `newRoot`, following RFC 9162 §2.1.4.2 step by step. Throws a LedgerError
 * saying what did not hold; returns nothing when the proof is good. Pure and synchronous.
 *
 * §2.1.4.2 is written for 0 < first < second. The edges, as RFC 9162 §2.1.4 implies:
 * equal sizes are consistent iff the roots are equal and the proof is empty; the empty tree is a
 * prefix of every tree, with an empty proof, provided its root is MTH({}) = SHA-256("").
 */
export function verifyConsistency(oldSize: number, newSize: number, proof: readonly Uint8Array[], oldRoot: Uint8Array, newRoot: Uint8Array): void {
  assertCount(oldSize, 'the old tree size');
  assertCount(newSize, 'the new tree size');
  assertHash(oldRoot, 'the old root hash');
  assertHash(newRoot, 'the new root hash');
  proof.forEach((p, i) => assertHash(p, `consistency proof element ${i}`));

  if (oldSize > newSize) {
    throw new LedgerError('PROOF_INVALID', `expected the old tree size to be at most the new size ${newSize}, got ${oldSize}`);
  }
  if (oldSize === 0 || oldSize === newSize) {
    if (proof.length !== 0) throw new LedgerError('PROOF_INVALID', `expected an empty consistency proof from ${oldSize} to ${newSize} leaves, got ${proof.length} hashes`);
    const expectedOld = oldSize === 0 ? emptyTreeHash() : newRoot;
    if (!hashesEqual(oldRoot, expectedOld)) {
      throw new LedgerError('PROOF_INVALID', `expected the root of the tree of ${oldSize} leaves to be ${toHex(expectedOld)}, got ${toHex(oldRoot)}`);
    }
    return;
  }

  // "1. If consistency_path is an empty array, stop and fail the proof verification."
  if (proof.length === 0) throw new LedgerError('PROOF_INVALID', `expected a non-empty consistency proof from ${oldSize} to ${newSize} leaves, got none`);
  const wrongLength = (): LedgerError =>
    new LedgerError('PROOF_INVALID', `expected ${consistencyProofLength(oldSize, newSize)} hashes in the consistency proof from ${oldSize} to ${newSize} leaves, got ${proof.length}`);
  // "2. If first is an exact power of 2, then prepend first_hash to the consistency_path array."
  const path = isPowerOfTwo(oldSize) ? [oldRoot, ...proof] : [...proof];
  // "3. Set fn to first - 1 and sn to second - 1."
  let fn = oldSize - 1;
  let sn = newSize - 1;
  // "4. If LSB(fn) is set, then right-shift both fn and sn equally until LSB(fn) is not set."
  while (odd(fn)) {
    fn = half(fn);
    sn = half(sn);
  }
  // "5. Set both fr and sr to the first value in the consistency_path array."
  let fr = path[0] as Uint8Array;
  let sr = fr;
  // "6. For each subsequent value c in the consistency_path array:"
  for (const c of path.slice(1)) {
    // "a. If sn is 0, then stop the iteration and fail the proof verification."
    if (sn === 0) throw wrongLength();
    // "b. If LSB(fn) is set, or if fn is equal to sn, then:"
    if (odd(fn) || fn === sn) {
      // "i. Set fr to HASH(0x01 || c || fr).  ii. Set sr to HASH(0x01 || c || sr)."
      fr = hashChildren(c, fr);
      sr = hashChildren(c, sr);
      // "iii. If LSB(fn) is not set, then right-shift both fn and sn equally until either LSB(fn)
      //       is set or fn is 0."
      while (!odd(fn) && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    } else {
      // "Otherwise: i. Set sr to HASH(0x01 || sr || c)."
      sr = hashChildren(sr, c);
    }
    // "c. Finally, right-shift both fn and sn one time."
    fn = half(fn);
    sn = half(sn);
  }
  // "7. After completing iterating through the consistency_path array as described above, verify
  //     that the fr calculated is equal to the first_hash supplied, that the sr calculated is equal
  //     to the second_hash supplied, and that sn is 0."
  if (sn !== 0) throw wrongLength();
  if (!hashesEqual(fr, oldRoot)) {
    throw new LedgerError('PROOF_INVALID', `expected the consistency proof from ${oldSize} to ${newSize} leaves to rebuild the old root ${toHex(oldRoot)}, it rebuilds ${toHex(fr)}`);
  }
  if (!hashesEqual(sr, newRoot)) {
    throw new LedgerError('PROOF_INVALID', `expected the consistency proof from ${oldSize} to ${newSize} leaves to rebuild the new root ${toHex(newRoot)}, it rebuilds ${toHex(sr)}`);
  }
}

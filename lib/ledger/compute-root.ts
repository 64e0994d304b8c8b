import { assertHash, emptyTreeHash, hashChildren } from './merkle-hash';
import { largestPowerOfTwoBelow } from './perfect-subtrees';

/**
 * MTH(D[n]) straight from all n leaf hashes, RFC 9162 §2.1.1:
 *
 *   "Given an ordered list of n inputs, D_n = {d(0), d(1), ..., d(n-1)}, the Merkle Tree Hash
 *    (MTH) is thus defined as follows: [...] For n > 1, let k be the largest power of two smaller
 *    than n (i.e., k < n <= 2k). [...] MTH(D_n) = HASH(0x01 || MTH(D[0:k]) || MTH(D[k:n]))"
 *
 * O(n) hashes: for a verifier that holds every leaf, and as a cross-check of the node-store path.
 * The log itself uses readRoot, which costs O(log n) stored nodes.
 */
export function computeRoot(leafHashes: readonly Uint8Array[]): Uint8Array {
  leafHashes.forEach((h, i) => assertHash(h, `leaf hash ${i}`));
  if (leafHashes.length === 0) return emptyTreeHash();
  return mth(leafHashes, 0, leafHashes.length);
}

function mth(leaves: readonly Uint8Array[], begin: number, end: number): Uint8Array {
  if (end - begin === 1) return leaves[begin] as Uint8Array;
  const k = largestPowerOfTwoBelow(end - begin);
  return hashChildren(mth(leaves, begin, begin + k), mth(leaves, begin + k, end));
}

import { toHex as hexOf } from '../encoding';
import { sha256 } from '../hash';
import { LedgerError } from './ledger-error';

/** SHA-256 output length; every leaf, node and root hash in the log has it. */
export const HASH_SIZE = 32;

/**
 * RFC 9162 §2.1.1: "MTH({d(0)}) = HASH(0x00 || d(0))". The 0x00 prefix (0x01 for interior nodes)
 * is the second-preimage defence: a leaf can never be passed off as an interior node.
 */
export function hashLeaf(data: Uint8Array): Uint8Array {
  return sha256(LEAF_PREFIX, data);
}

/** RFC 9162 §2.1.1: "MTH(D_n) = HASH(0x01 || MTH(D[0:k]) || MTH(D[k:n]))". */
export function hashChildren(left: Uint8Array, right: Uint8Array): Uint8Array {
  return sha256(NODE_PREFIX, left, right);
}

/** RFC 9162 §2.1.1: "The hash of an empty list is the hash of an empty string: MTH({}) = HASH()." */
export function emptyTreeHash(): Uint8Array {
  return sha256();
}

/** Throws unless `hash` is exactly HASH_SIZE bytes; `what` names it in the message. */
export function assertHash(hash: Uint8Array, what: string): void {
  if (!(hash instanceof Uint8Array) || hash.length !== HASH_SIZE) {
    const got = hash instanceof Uint8Array ? `${hash.length} bytes` : typeof hash;
    throw new LedgerError('INVALID_ARGUMENT', `expected ${what} to be a ${HASH_SIZE}-byte SHA-256 hash, got ${got}`);
  }
}

/** Byte equality of two hashes; they are public values, so a timing-safe comparison buys nothing. */
export function hashesEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}

export const toHex = (bytes: Uint8Array): string => hexOf(bytes);

const LEAF_PREFIX = Uint8Array.of(0x00);
const NODE_PREFIX = Uint8Array.of(0x01);

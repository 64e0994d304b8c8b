import { sha1 as nobleSha1 } from '@noble/hashes/legacy.js';
import { sha256 as nobleSha256, sha384 as nobleSha384, sha512 as nobleSha512 } from '@noble/hashes/sha2.js';
import { toHex, utf8 } from './encoding';

/*
 * Synchronous SHA-2 (FIPS 180-4) from @noble/hashes, the same in Node and in the browser: WebCrypto's
 * digest is asynchronous, and the ledger and statement code hash inside synchronous checks.
 */

type Part = Uint8Array | string;

function digest(hash: { create(): { update(b: Uint8Array): unknown; digest(): Uint8Array } }, parts: Part[]): Uint8Array<ArrayBuffer> {
  const h = hash.create();
  for (const p of parts) h.update(typeof p === 'string' ? utf8(p) : p);
  return new Uint8Array(h.digest());
}

/** SHA-256 of the parts concatenated (strings as UTF-8). */
export const sha256 = (...parts: Part[]): Uint8Array<ArrayBuffer> => digest(nobleSha256, parts);
export const sha384 = (...parts: Part[]): Uint8Array<ArrayBuffer> => digest(nobleSha384, parts);
export const sha512 = (...parts: Part[]): Uint8Array<ArrayBuffer> => digest(nobleSha512, parts);

/** Only to check what others made with it: ESSCertID v1 certHash (RFC 2634 §5.4.1) in TSA tokens. */
export const sha1 = (...parts: Part[]): Uint8Array<ArrayBuffer> => digest(nobleSha1, parts);

export const sha256Hex = (...parts: Part[]): string => toHex(sha256(...parts));

/** Incremental SHA-256 for input that arrives in slices (a large file read piece by piece). */
export function createSha256(): { update(bytes: Uint8Array): void; hex(): string } {
  const h = nobleSha256.create();
  return {
    update: (bytes) => void h.update(bytes),
    hex: () => toHex(h.digest()),
  };
}

/**
 * The AEAD under age's payload, from node:crypto instead of JavaScript.
 *
 * age-encryption (the age v1 library Signet's backups use) frames the payload itself: the STREAM
 * construction of age-encryption.org/v1 "Payload" (64 KiB chunks, an 11-byte big-endian chunk
 * counter and a last-chunk flag as the 12-byte nonce). For each chunk it calls
 * `chacha20poly1305(key, nonce).encrypt(plaintext)` / `.decrypt(ciphertext)` from @noble/ciphers,
 * which computes ChaCha20-Poly1305 in JavaScript (about 30× slower than OpenSSL here; see
 * docs/benchmarks-backup.md). package.json's `overrides` installs this module as age-encryption's
 * @noble/ciphers, so that one call is answered by OpenSSL's ChaCha20-Poly1305 (RFC 8439 §2.8) and
 * everything else (header, scrypt, HMAC, framing, nonces) stays age-encryption's own code.
 *
 * Contract kept from @noble/ciphers: encrypt returns ciphertext ‖ 16-byte tag in a new array;
 * decrypt takes ciphertext ‖ tag and throws unless the tag authenticates (never returns unverified
 * bytes). age uses no associated data, so none is accepted.
 */
import { createCipheriv, createDecipheriv } from 'node:crypto';

const KEY_LENGTH = 32;
const NONCE_LENGTH = 12;
const TAG_LENGTH = 16;

/**
 * @param {Uint8Array} key 32 bytes
 * @param {Uint8Array} nonce 12 bytes
 * @param {Uint8Array} [aad] unsupported: age never passes associated data
 */
export function chacha20poly1305(key, nonce, aad) {
  if (!(key instanceof Uint8Array) || key.length !== KEY_LENGTH) throw new Error(`chacha20poly1305: expected a ${KEY_LENGTH}-byte key`);
  if (!(nonce instanceof Uint8Array) || nonce.length !== NONCE_LENGTH) throw new Error(`chacha20poly1305: expected a ${NONCE_LENGTH}-byte nonce`);
  if (aad !== undefined) throw new Error('chacha20poly1305: associated data is not supported (age uses none)');
  // Copies: age-encryption reuses its nonce array between chunks.
  const k = Uint8Array.from(key);
  const n = Uint8Array.from(nonce);
  return {
    /** @param {Uint8Array} plaintext */
    encrypt(plaintext) {
      const cipher = createCipheriv('chacha20-poly1305', k, n, { authTagLength: TAG_LENGTH });
      const out = new Uint8Array(plaintext.length + TAG_LENGTH);
      out.set(cipher.update(plaintext), 0);
      cipher.final();
      out.set(cipher.getAuthTag(), plaintext.length);
      return out;
    },
    /** @param {Uint8Array} ciphertext */
    decrypt(ciphertext) {
      if (ciphertext.length < TAG_LENGTH) throw new Error('chacha20poly1305: ciphertext shorter than its tag');
      const decipher = createDecipheriv('chacha20-poly1305', k, n, { authTagLength: TAG_LENGTH });
      decipher.setAuthTag(ciphertext.subarray(ciphertext.length - TAG_LENGTH));
      const plain = decipher.update(ciphertext.subarray(0, ciphertext.length - TAG_LENGTH));
      decipher.final(); // throws "unable to authenticate data" on a wrong tag
      return new Uint8Array(plain.buffer, plain.byteOffset, plain.length);
    },
  };
}

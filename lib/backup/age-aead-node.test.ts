import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { chacha20poly1305 as noble } from '@noble/ciphers/chacha.js';
import { chacha20poly1305 as native } from '@signet/age-aead-node/chacha.js';
import { describe, expect, it } from 'vitest';

const SIZES = [0, 1, 15, 16, 17, 65_535, 65_536, 65_537, 200_000];

describe('ChaCha20-Poly1305 from node:crypto under age-encryption (packages/age-aead-node)', () => {
  it('encrypts byte for byte as @noble/ciphers does, at every size age produces', () => {
    for (const size of SIZES) {
      const key = randomBytes(32);
      const nonce = randomBytes(12);
      const plain = randomBytes(size);

      const sealed = native(key, nonce).encrypt(plain);

      expect(Buffer.from(sealed).equals(Buffer.from(noble(key, nonce).encrypt(plain))), `size ${size}`).toBe(true);
      expect(Buffer.from(native(key, nonce).decrypt(noble(key, nonce).encrypt(plain))).equals(plain), `size ${size}`).toBe(true);
    }
  });

  it('refuses a flipped byte in the ciphertext or the tag, a wrong nonce and a ciphertext shorter than its tag', () => {
    const key = randomBytes(32);
    const nonce = randomBytes(12);
    const sealed = native(key, nonce).encrypt(randomBytes(1000));
    for (const at of [0, 500, sealed.length - 1]) {
      const bad = Uint8Array.from(sealed);
      bad[at]! ^= 0x01;
      expect(() => native(key, nonce).decrypt(bad)).toThrow(/authenticate/);
    }
    expect(() => native(key, randomBytes(12)).decrypt(sealed)).toThrow(/authenticate/);
    expect(() => native(key, nonce).decrypt(sealed.subarray(0, 15))).toThrow(/shorter than its tag/);
  });

  it('keeps its key and nonce when the caller reuses the arrays (age increments one nonce array in place)', () => {
    const key = randomBytes(32);
    const nonce = new Uint8Array(12);
    const plain = randomBytes(100);
    const aead = native(key, nonce);
    nonce[10] = 1;
    expect(Buffer.from(aead.encrypt(plain)).equals(Buffer.from(noble(key, new Uint8Array(12)).encrypt(plain)))).toBe(true);
  });

  it('refuses associated data and keys or nonces of the wrong length instead of ignoring them', () => {
    expect(() => native(randomBytes(32), randomBytes(12), randomBytes(4))).toThrow(/associated data/);
    expect(() => native(randomBytes(16), randomBytes(12))).toThrow(/32-byte key/);
    expect(() => native(randomBytes(32), randomBytes(24))).toThrow(/12-byte nonce/);
  });

  it('is what age-encryption encrypts its payload with (patches/age-encryption+*.patch applied at install)', async () => {
    const stream = createRequire(import.meta.url).resolve('age-encryption').replace(/index\.js$/, 'stream.js');
    const source = await readFile(stream, 'utf8');
    expect(source).toContain('from "@signet/age-aead-node/chacha.js"');
    expect(source).not.toContain('@noble/ciphers');
  });
});

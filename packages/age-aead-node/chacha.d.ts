export interface Aead {
  encrypt(plaintext: Uint8Array): Uint8Array;
  decrypt(ciphertext: Uint8Array): Uint8Array;
}
export declare function chacha20poly1305(key: Uint8Array, nonce: Uint8Array, aad?: Uint8Array): Aead;

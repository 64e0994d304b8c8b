import { base64, base64urlnopad, hex } from '@scure/base';

/*
 * Byte encodings on plain Uint8Array (no Node Buffer), so the evidence verifier runs unchanged in
 * the browser (/verify) and in `npm run verify`. @scure/base decodes strictly: a character outside
 * the alphabet or non-zero padding bits throw instead of being skipped.
 */

/** base64url without padding (RFC 4648 §5), the spelling of every binary field in rows and evidence. */
export const b64u = (bytes: Uint8Array): string => base64urlnopad.encode(bytes);

export const fromB64u = (text: string): Uint8Array<ArrayBuffer> => new Uint8Array(base64urlnopad.decode(text.replace(/=+$/, '')));

/** Standard padded base64 (RFC 4648 §4), as CMS and RFC 3161 members of a bundle use. */
export const toBase64 = (bytes: Uint8Array): string => base64.encode(bytes);

export const fromBase64 = (text: string): Uint8Array<ArrayBuffer> => new Uint8Array(base64.decode(text));

export const toHex = (bytes: Uint8Array): string => hex.encode(bytes);

export const fromHex = (text: string): Uint8Array<ArrayBuffer> => new Uint8Array(hex.decode(text));

export const utf8 = (text: string): Uint8Array<ArrayBuffer> => new TextEncoder().encode(text);

export const fromUtf8 = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);

export function concatBytes(...parts: Uint8Array[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

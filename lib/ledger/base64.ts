import { fromBase64, toBase64 } from '../encoding';

/**
 * Standard, padded base64 (RFC 4648 §4), as both C2SP specs require, decoded strictly: Node's
 * decoder skips characters it does not know and accepts missing padding, which would let two
 * different texts carry the same bytes. Decoding, then re-encoding and comparing, admits only the
 * one canonical spelling. Returns undefined for anything else.
 */
export function decodeBase64Strict(text: string): Uint8Array | undefined {
  if (text.length === 0 || text.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(text)) return undefined;
  let bytes: Uint8Array;
  try {
    bytes = fromBase64(text);
  } catch {
    return undefined;
  }
  return toBase64(bytes) === text ? bytes : undefined;
}

export const encodeBase64 = (bytes: Uint8Array): string => toBase64(bytes);

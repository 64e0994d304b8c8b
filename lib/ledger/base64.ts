/**
 * Standard, padded base64 (RFC 4648 §4), as both C2SP specs require, decoded strictly: Node's
 * decoder skips characters it does not know and accepts missing padding, which would let two
 * different texts carry the same bytes. Decoding, then re-encoding and comparing, admits only the
 * one canonical spelling. Returns undefined for anything else.
 */
export function decodeBase64Strict(text: string): Uint8Array | undefined {
  if (text.length === 0 || text.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(text)) return undefined;
  const bytes = Buffer.from(text, 'base64');
  return bytes.toString('base64') === text ? new Uint8Array(bytes) : undefined;
}

export const encodeBase64 = (bytes: Uint8Array): string => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('base64');

import { sha256 } from 'hash-wasm';

/**
 * A short code both screens show so the signer can see that the phone opened the request the
 * desktop made, for the document the desktop hashed. The phone derives it from the hash in the QR,
 * not from anything the server sends, so a mismatch means something changed in between.
 *
 * code = first 4 bytes of SHA-256("signet.match/v1\n" ‖ requestId ‖ "\n" ‖ documentSha256hex),
 * as a big-endian integer mod 10^6, printed "123 456".
 */
export async function matchingCode(requestId: string, documentSha256: string): Promise<string> {
  const hex = await sha256(`signet.match/v1\n${requestId}\n${documentSha256}`);
  const n = parseInt(hex.slice(0, 8), 16) % 1_000_000;
  const digits = n.toString().padStart(6, '0');
  return `${digits.slice(0, 3)} ${digits.slice(3)}`;
}

/** The hash grouped for people to compare by eye: "a1b2 c3d4 … " (first and last 16 hex digits). */
export function fingerprint(sha256hex: string): string {
  const group = (s: string) => s.match(/.{1,4}/g)?.join(' ') ?? s;
  return `${group(sha256hex.slice(0, 16))} … ${group(sha256hex.slice(-16))}`;
}

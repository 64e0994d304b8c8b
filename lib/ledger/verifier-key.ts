import { toBase64 } from '../encoding';
import { sha256 } from '../hash';
import { LedgerError } from './ledger-error';
import { decodeBase64Strict } from './base64';

/** c2sp.org/signed-note "Signature types": "0x01 — Ed25519 signatures as specified by this document." */
export const ED25519_SIGNATURE_TYPE = 0x01;

/** A trusted note key: who signs (name), which key (keyId), and the key to verify with. */
export interface VerifierKey {
  readonly name: string;
  /** The uint32 key ID that starts every signature by this key (big-endian on the wire). */
  readonly keyId: number;
  /** The 32-byte RFC 8032 Ed25519 public key. */
  readonly publicKey: Uint8Array;
}

/**
 * c2sp.org/signed-note: "Key names MUST be non-empty and MUST NOT contain any Unicode spaces or plus
 * (U+002B) characters." (golang.org/x/mod/sumdb/note isValidName: unicode.IsSpace, which is the
 * Unicode White_Space property.) Newlines are spaces, so a name also cannot break a note's lines.
 */
export function isValidKeyName(name: string): boolean {
  return name.length > 0 && !/[\p{White_Space}+]/u.test(name) && !/[\u0000-\u001f]/.test(name) && isWellFormedUtf16(name);
}

export function assertKeyName(name: string): void {
  if (!isValidKeyName(name)) {
    throw new LedgerError('INVALID_ARGUMENT', `expected a note key name that is non-empty with no spaces, "+" or control characters, got ${JSON.stringify(name)}`);
  }
}

/**
 * c2sp.org/signed-note "Ed25519 signatures":
 *   "key ID = SHA-256(key name || 0x0A || 0x01 || 32-byte Ed25519 public key)[:4]"
 * read as a big-endian uint32.
 */
export function noteKeyId(name: string, rawPublicKey: Uint8Array): number {
  const digest = sha256(name, '\n', Uint8Array.of(ED25519_SIGNATURE_TYPE), rawPublicKey);
  return new DataView(digest.buffer).getUint32(0);
}

export const formatKeyId = (keyId: number): string => keyId.toString(16).padStart(8, '0');

/**
 * The verifier key string a monitor or the offline CLI is configured with, as
 * golang.org/x/mod/sumdb/note writes it: "<name>+<key ID as 8 lowercase hex digits>+<base64(0x01 ‖
 * 32-byte public key)>", e.g. "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW".
 */
export function formatVerifierKey(name: string, raw: Uint8Array): string {
  assertKeyName(name);
  if (raw.length !== 32) throw new LedgerError('INVALID_ARGUMENT', `expected a 32-byte Ed25519 public key, got ${raw.length} bytes`);
  const encoded = toBase64(Uint8Array.of(ED25519_SIGNATURE_TYPE, ...raw));
  return `${name}+${formatKeyId(noteKeyId(name, raw))}+${encoded}`;
}

/**
 * Reads a verifier key string (see formatVerifierKey). Like sumdb/note NewVerifier it refuses a key
 * whose stated key ID is not the one its name and public key hash to, so a typo cannot silently
 * produce a key that never matches any signature.
 */
export function parseVerifierKey(verifierKey: string): VerifierKey {
  const bad = (why: string): LedgerError =>
    new LedgerError('KEY_MALFORMED', `expected a verifier key "<name>+<8 hex digit key ID>+<base64 of 0x01 and a 32-byte Ed25519 public key>", ${why}`);
  const first = verifierKey.indexOf('+');
  const second = first < 0 ? -1 : verifierKey.indexOf('+', first + 1);
  if (second < 0) throw bad(`got ${JSON.stringify(verifierKey)} with fewer than two "+" separators`);
  const name = verifierKey.slice(0, first);
  const idHex = verifierKey.slice(first + 1, second);
  const keyText = verifierKey.slice(second + 1);
  if (!isValidKeyName(name)) throw bad(`the name ${JSON.stringify(name)} is empty or has spaces or control characters`);
  if (!/^[0-9a-f]{8}$/.test(idHex)) throw bad(`the key ID ${JSON.stringify(idHex)} is not 8 lowercase hex digits`);
  const keyBytes = decodeBase64Strict(keyText);
  if (keyBytes === undefined) throw bad(`the key ${JSON.stringify(keyText)} is not canonical padded base64`);
  if (keyBytes[0] !== ED25519_SIGNATURE_TYPE) {
    throw bad(`the key starts with signature type 0x${(keyBytes[0] ?? 0).toString(16).padStart(2, '0')}, only 0x01 (Ed25519) is supported`);
  }
  if (keyBytes.length !== 33) throw bad(`the key is ${keyBytes.length} bytes`);
  const raw = keyBytes.subarray(1);
  const keyId = Number.parseInt(idHex, 16);
  const expectedId = noteKeyId(name, raw);
  if (keyId !== expectedId) {
    throw new LedgerError('KEY_MALFORMED', `expected key ID ${formatKeyId(expectedId)} = SHA-256(name ‖ 0x0A ‖ 0x01 ‖ public key)[:4] for ${name}, the verifier key says ${idHex}`);
  }
  return { name, keyId, publicKey: new Uint8Array(raw) };
}

/** True unless the string holds a lone surrogate, which has no UTF-8 encoding. */
export function isWellFormedUtf16(text: string): boolean {
  return !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(text);
}

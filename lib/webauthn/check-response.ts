import { createHash } from 'node:crypto';
import { decodeClientDataJSON, isoBase64URL, parseAuthenticatorData, type ClientDataJSON } from '@simplewebauthn/server/helpers';
import { AppError } from '../errors';

export interface ExpectedCeremony {
  type: 'webauthn.create' | 'webauthn.get';
  origin: string;
  rpId: string;
}

/**
 * Base64url without padding, as WebAuthn's JSON encoding sends it. Values are stored exactly as
 * received and evidence v1 requires unpadded base64url, so anything else is refused here.
 */
const BASE64URL = /^[A-Za-z0-9_-]*$/;

/** Decodes clientDataJSON, turning a malformed one into a clear error rather than a crash. */
export function readClientData(clientDataJSON: string): ClientDataJSON {
  if (typeof clientDataJSON !== 'string' || !BASE64URL.test(clientDataJSON)) {
    throw new AppError('MALFORMED_ENCODING', `expected clientDataJSON as base64url without padding, got "${String(clientDataJSON).slice(0, 40)}"`);
  }
  let data: ClientDataJSON;
  try {
    data = decodeClientDataJSON(clientDataJSON);
  } catch (e) {
    throw new AppError('MALFORMED_ENCODING', 'expected clientDataJSON as base64url of a JSON object, got something that does not decode', { cause: e });
  }
  if (typeof data !== 'object' || data === null || typeof data.challenge !== 'string') {
    throw new AppError('MALFORMED_ENCODING', 'expected clientDataJSON with a string "challenge" member');
  }
  return data;
}

export function decodeB64url(value: string, field: string): Uint8Array<ArrayBuffer> {
  if (typeof value !== 'string' || !BASE64URL.test(value)) {
    throw new AppError('MALFORMED_ENCODING', `expected ${field} as base64url without padding, got "${String(value).slice(0, 40)}"`);
  }
  return isoBase64URL.toBuffer(value);
}

/**
 * The checks WebAuthn Level 3 §7.1/§7.2 asks of the relying party before the signature itself,
 * done here first so each failure has its own error code. SimpleWebAuthn repeats them afterwards
 * as the final authority.
 */
export function checkCeremony(clientData: ClientDataJSON, authenticatorData: Uint8Array<ArrayBuffer>, expected: ExpectedCeremony): void {
  if (clientData.type !== expected.type) {
    throw new AppError('WEBAUTHN_TYPE_MISMATCH', `expected clientDataJSON.type "${expected.type}", got "${String(clientData.type)}"`);
  }
  if (clientData.origin !== expected.origin) {
    throw new AppError('ORIGIN_MISMATCH', `expected origin "${expected.origin}", got "${String(clientData.origin)}"`);
  }
  let parsed: ReturnType<typeof parseAuthenticatorData>;
  try {
    parsed = parseAuthenticatorData(authenticatorData);
  } catch (e) {
    throw new AppError('MALFORMED_ENCODING', 'expected authenticatorData of at least 37 bytes in the WebAuthn layout', { cause: e });
  }
  const expectedHash = createHash('sha256').update(expected.rpId).digest();
  if (!expectedHash.equals(Buffer.from(parsed.rpIdHash))) {
    throw new AppError(
      'RP_ID_MISMATCH',
      `expected rpIdHash = SHA-256("${expected.rpId}") = ${expectedHash.toString('hex')}, got ${Buffer.from(parsed.rpIdHash).toString('hex')}`,
    );
  }
  if (!parsed.flags.up) throw new AppError('USER_PRESENCE_REQUIRED', 'expected the UP flag set in authenticatorData, it is off');
  if (!parsed.flags.uv) {
    throw new AppError('USER_VERIFICATION_REQUIRED', 'expected the UV flag set (the signer verified with PIN or biometrics), it is off');
  }
}

/**
 * Error codes of the organisation's signing PKI (lib/pki/).
 *
 * lib/errors.ts is the one catalogue of API error codes and is owned elsewhere, so these codes live
 * here as a list to be merged into it; until then lib/pki throws {@link PkiError}, which carries the
 * code, and the HTTP layer maps it. Every message says what was expected and what arrived.
 */
export const PKI_ERROR_CATALOGUE = {
  CERT_EXPIRED: {
    status: 409,
    summary: 'The signing certificate had expired at the signing time (its notAfter is in the past).',
  },
  CERT_NOT_YET_VALID: {
    status: 409,
    summary: 'The signing certificate is not yet valid at the signing time (its notBefore is in the future).',
  },
  CERT_REVOKED: { status: 409, summary: 'The signing certificate was revoked at or before the signing time.' },
  TSA_UNAVAILABLE: {
    status: 503,
    summary: 'The time-stamping authority did not return a usable RFC 3161 timestamp; nothing was signed.',
  },
  CHAIN_KEY_MISMATCH: {
    status: 400,
    summary: 'The certificate does not certify the given private key (public keys differ).',
  },
  CHAIN_UNTRUSTED: {
    status: 400,
    summary: 'The certificate chain does not lead to a trusted root (or one of its signatures does not verify).',
  },
  CERT_KEY_USAGE: {
    status: 400,
    summary: 'The certificate may not sign documents: keyUsage lacks digitalSignature and nonRepudiation.',
  },
  PKCS12_PASSWORD: {
    status: 400,
    summary: 'The PKCS#12 password is wrong (the integrity MAC or the key bag does not decrypt).',
  },
  MALFORMED_PEM: {
    status: 400,
    summary: 'The input is not PEM (or DER) of the expected kind: no parsable certificate, key or PKCS#12 data.',
  },
  // Three more than the issue listed; each is a failure none of the codes above names.
  KEY_ALGORITHM_UNSUPPORTED: {
    status: 400,
    summary: 'The key is not ECDSA P-256/P-384/P-521 or RSA (PKCS#1 v1.5), the algorithms Signet signs with.',
  },
  KEY_DECRYPT_FAILED: {
    status: 500,
    summary: 'An encrypted private key does not decrypt under the master key (wrong key, tampered or unknown format).',
  },
  MASTER_KEY_INVALID: {
    status: 500,
    summary: 'SIGNET_MASTER_KEY or the master key file is not 32 bytes of base64 or hex, or the file is readable by others.',
  },
} as const satisfies Record<string, { status: number; summary: string }>;

export type PkiErrorCode = keyof typeof PKI_ERROR_CATALOGUE;

/** The codes, in catalogue order, for merging into lib/errors.ts. */
export const PKI_ERROR_CODES = Object.keys(PKI_ERROR_CATALOGUE) as PkiErrorCode[];

const BRAND = Symbol.for('signet.PkiError');

/**
 * A PKI failure with a stable code. Not an AppError (lib/errors.ts does not know these codes yet);
 * the HTTP layer maps `code` to the catalogue entry once merged.
 */
export class PkiError extends Error {
  readonly code: PkiErrorCode;
  readonly status: number;
  readonly [BRAND] = true;

  constructor(code: PkiErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PkiError';
    this.code = code;
    this.status = PKI_ERROR_CATALOGUE[code].status;
  }
}

/** Recognises a PkiError by a global brand rather than instanceof (the bundler may load this module twice). */
export function isPkiError(e: unknown): e is PkiError {
  return typeof e === 'object' && e !== null && (e as { [BRAND]?: boolean })[BRAND] === true;
}

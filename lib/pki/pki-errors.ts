import { AppError, ERROR_CATALOGUE } from '../errors';

/**
 * Error codes of the organisation's signing PKI (lib/pki/). They live in the one catalogue,
 * lib/errors.ts (block "— pki —"); this module names the subset lib/pki throws and keeps the
 * PkiError class its callers and tests recognise. A PkiError is an AppError, so the HTTP layer maps
 * it like any other domain failure.
 */
export const PKI_ERROR_CODES = [
  'CERT_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_REVOKED',
  'TSA_UNAVAILABLE',
  'CHAIN_KEY_MISMATCH',
  'CHAIN_UNTRUSTED',
  'CERT_KEY_USAGE',
  'PKCS12_PASSWORD',
  'MALFORMED_PEM',
  'KEY_ALGORITHM_UNSUPPORTED',
  'KEY_DECRYPT_FAILED',
  'MASTER_KEY_INVALID',
] as const satisfies readonly (keyof typeof ERROR_CATALOGUE)[];

export type PkiErrorCode = (typeof PKI_ERROR_CODES)[number];

const BRAND = Symbol.for('signet.PkiError');

/** A PKI failure with a stable code from the catalogue; the message says what was expected and what arrived. */
export class PkiError extends AppError {
  declare readonly code: PkiErrorCode;
  readonly [BRAND] = true;

  constructor(code: PkiErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
    this.name = 'PkiError';
  }
}

/** Recognises a PkiError by a global brand rather than instanceof (the bundler may load this module twice). */
export function isPkiError(e: unknown): e is PkiError {
  return typeof e === 'object' && e !== null && (e as { [BRAND]?: boolean })[BRAND] === true;
}

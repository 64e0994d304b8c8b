/**
 * What went wrong in the transparency log, as a stable code plus a message that says what was
 * expected and what arrived. lib/errors.ts is the HTTP-facing catalogue; the integrator maps these
 * codes onto it (most become VALIDATION_FAILED or INTERNAL), so the offline verifier can use this
 * module without pulling in the API's error table.
 */
export type LedgerErrorCode =
  /** A size, index, hash length or name the caller passed is out of range or malformed. */
  | 'INVALID_ARGUMENT'
  /** The node store returned the wrong number of hashes, a hash of the wrong length, or lacks a node. */
  | 'STORE_INCONSISTENT'
  /** An inclusion or consistency proof does not lead to the claimed root(s). */
  | 'PROOF_INVALID'
  /** A signed note breaks the c2sp.org/signed-note grammar. */
  | 'NOTE_MALFORMED'
  /** A note's text is not a c2sp.org/tlog-checkpoint body. */
  | 'CHECKPOINT_MALFORMED'
  /** A verifier key string is not `<name>+<hex key ID>+<base64(0x01 ‖ public key)>`. */
  | 'KEY_MALFORMED'
  /** A signature line from the trusted key does not verify. */
  | 'SIGNATURE_INVALID'
  /** No signature line in the note comes from the trusted key. */
  | 'SIGNATURE_MISSING'
  /** The checkpoint verifies but names another log than the one the caller expected. */
  | 'ORIGIN_MISMATCH';

const BRAND = Symbol.for('signet.LedgerError');

export class LedgerError extends Error {
  readonly code: LedgerErrorCode;
  readonly [BRAND] = true;

  constructor(code: LedgerErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'LedgerError';
    this.code = code;
  }
}

/** Recognises a LedgerError by a global brand, like isAppError: the module may be loaded twice. */
export function isLedgerError(e: unknown): e is LedgerError {
  return typeof e === 'object' && e !== null && (e as { [BRAND]?: boolean })[BRAND] === true;
}

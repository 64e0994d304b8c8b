import { parseCheckpoint, type ParsedCheckpoint } from './checkpoint';
import { LedgerError } from './ledger-error';
import { openNote } from './signed-note';
import { parseVerifierKey, type VerifierKey } from './verifier-key';

/**
 * Verifies a signed checkpoint against the log's verifier key and returns what it commits to.
 * Signature lines by other keys (witness cosignatures, a rotated-out key) are ignored, as
 * c2sp.org/signed-note requires; a bad signature by the trusted key, or none at all, is refused.
 *
 * `expectedOrigin`, when given, must equal the origin line: a key that signs for two logs must not
 * let one log's checkpoint pass for the other's.
 */
export function verifyCheckpoint(note: string | Uint8Array, verifierKey: string | VerifierKey, options: { expectedOrigin?: string } = {}): ParsedCheckpoint {
  const key = typeof verifierKey === 'string' ? parseVerifierKey(verifierKey) : verifierKey;
  const { text } = openNote(note, key);
  const checkpoint = parseCheckpoint(text);
  if (options.expectedOrigin !== undefined && checkpoint.origin !== options.expectedOrigin) {
    throw new LedgerError('ORIGIN_MISMATCH', `expected a checkpoint for origin ${JSON.stringify(options.expectedOrigin)}, it is for ${JSON.stringify(checkpoint.origin)}`);
  }
  return checkpoint;
}

import type { KeyObject } from 'node:crypto';
import { parseCheckpoint } from './checkpoint';
import { signNote } from './sign-note';

/**
 * Signs a checkpoint body (formatCheckpoint's output) as a c2sp.org/signed-note with the log's
 * Ed25519 key. The body is parsed first, so the log cannot sign something its own verifier would
 * refuse. c2sp.org/tlog-checkpoint: "The log's key name in its signature line SHOULD match the
 * origin line" — pass the origin as `keyName` unless there is a reason not to.
 *
 * The log must never sign two checkpoints that are not consistent with each other (tlog-checkpoint
 * "Signatures"); that is the integrator's invariant, enforced by only signing roots produced by
 * appendLeaves over the stored tree.
 */
export function signCheckpoint(body: string, keyName: string, privateKey: KeyObject): string {
  parseCheckpoint(body);
  return signNote(body, keyName, privateKey);
}

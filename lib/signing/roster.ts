import { sha256Hex } from '../hash';

/**
 * A request's signers as every v2 statement commits to them: "signet.roster/v1" then one line
 * "<step>:<signer id>" per signer in the request's list order, LF after each; its SHA-256 (hex) is
 * the statement's signers-sha256. A verifier recomputes it from the bundle's signer list, so a
 * bundle cannot drop or add a signer, or move one to another step, without every statement noticing.
 */
export function rosterSha256(signers: { id: string; step: number }[]): string {
  const text = ['signet.roster/v1', ...signers.map((s) => `${s.step}:${s.id}`)].join('\n') + '\n';
  return sha256Hex(text);
}

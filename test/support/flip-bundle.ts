import type { EvidenceBundle } from '../../lib/evidence/evidence-format';

/** The parts of a bundle a test tampers with, one byte each (docs/evidence.md members). */
export const FLIPS = ['document', 'statement', 'clientDataJSON', 'signature', 'cms', 'timestamp', 'inclusionProof', 'checkpoint'] as const;
export type Flip = (typeof FLIPS)[number];

const flipAt = (bytes: Buffer, at: number): Buffer => {
  const copy = Buffer.from(bytes);
  const i = at < 0 ? copy.length + at : at;
  copy[i] = (copy[i] ?? 0) ^ 0x01;
  return copy;
};

/**
 * A deep copy of `bundle` (and of the document) with one bit of one byte changed in `part`:
 * the decoded bytes are changed and re-encoded, so the bundle stays well-formed JSON and base64.
 */
export function flipBundle(bundle: EvidenceBundle, document: string | Uint8Array, part: Flip): { bundle: EvidenceBundle; document: Buffer } {
  const b = JSON.parse(JSON.stringify(bundle)) as EvidenceBundle;
  let doc: Buffer = Buffer.from(document);
  const u = (s: string, at: number) => flipAt(Buffer.from(s, 'base64url'), at).toString('base64url');
  const s = (s: string, at: number) => flipAt(Buffer.from(s, 'base64'), at).toString('base64');
  switch (part) {
    case 'document':
      doc = flipAt(doc, 0);
      break;
    case 'statement':
      b.statement = u(b.statement, -1); // the final LF becomes VT: no longer the canonical encoding
      break;
    case 'clientDataJSON':
      b.webauthn.clientDataJSON = u(b.webauthn.clientDataJSON, 0); // "{" becomes "z"
      break;
    case 'signature':
      b.webauthn.signature = u(b.webauthn.signature, -1);
      break;
    case 'cms':
      b.cms = s(b.cms!, -1); // the last field: inside the TSA's signature
      break;
    case 'timestamp':
      b.timestamp = s(b.timestamp!, -1);
      break;
    case 'inclusionProof':
      b.ledger!.inclusionProof[0] = u(b.ledger!.inclusionProof[0]!, 0);
      break;
    case 'checkpoint': {
      // A byte of the signed root hash line (c2sp.org/tlog-checkpoint line 3).
      const lines = b.ledger!.checkpoint.split('\n');
      const root = lines[2]!;
      lines[2] = String.fromCharCode(root.charCodeAt(0) ^ 0x01) + root.slice(1);
      b.ledger!.checkpoint = lines.join('\n');
      break;
    }
  }
  return { bundle: b, document: doc };
}

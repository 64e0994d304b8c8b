import { z } from 'zod';
import { fromB64u, fromBase64 } from '../encoding';

export const EVIDENCE_VERSION = 'signet.evidence/v1';

const decodes = (decode: (s: string) => Uint8Array) => (s: string): boolean => {
  try {
    decode(s);
    return true;
  } catch {
    return false;
  }
};
// The strict decoders (lib/encoding.ts) refuse a length or trailing bits no encoder writes; refusing
// them here makes that a failed "format" check rather than an exception inside a later one.
const b64url = z.string().regex(/^[A-Za-z0-9_-]*$/, 'expected base64url without padding').refine(decodes(fromB64u), 'expected canonical base64url (RFC 4648 §5)');
const base64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/, 'expected standard base64 (RFC 4648 §4)').refine(decodes(fromBase64), 'expected canonical padded base64 (RFC 4648 §4)');

/**
 * Evidence bundle v1 (docs/evidence.md). Later members (cms, certificates, timestamp) are
 * optional additions: a v1 verifier checks the members it knows and reports the ones it does not.
 */
export const evidenceSchema = z.object({
  version: z.literal(EVIDENCE_VERSION),
  record: z.object({
    id: z.string(),
    requestId: z.string(),
    signedAt: z.string(),
    document: z.object({
      sha256: z.string().regex(/^[0-9a-f]{64}$/, 'expected 64 lower-case hex characters'),
      name: z.string(),
      size: z.number().int().nonnegative(),
      mediaType: z.string(),
    }),
    signer: z.object({ id: z.string(), displayName: z.string() }),
  }),
  statement: b64url,
  webauthn: z.object({
    credentialId: b64url,
    publicKey: b64url,
    algorithm: z.number().int(),
    rpId: z.string(),
    origin: z.string(),
    clientDataJSON: b64url,
    authenticatorData: b64url,
    signature: b64url,
    userHandle: b64url.nullable().optional(),
  }),
  /**
   * Where the signature sits in the signing ledger (docs/evidence.md, "Ledger"). Absent for records
   * signed before the ledger existed.
   */
  ledger: z
    .object({
      index: z.number().int().nonnegative(),
      /** The exact leaf bytes (signet.ledger.signature/v1). */
      leafData: b64url,
      treeSize: z.number().int().positive(),
      rootHash: b64url,
      inclusionProof: z.array(b64url),
      /** The signed checkpoint (c2sp.org/tlog-checkpoint note) for treeSize. */
      checkpoint: z.string(),
      /** The log's note verifier key; a verifier should compare it with one it trusts. */
      verifierKey: z.string(),
    })
    .optional(),
  /**
   * A record made by one batch approval (docs/evidence.md, "One approval over many documents"):
   * `statement` is then the signet.batch-approval/v1 statement, and this member is the record's
   * signet.batch-item/v1 item, its index among the approval's items and its RFC 9162 inclusion path
   * to the root the statement commits to.
   */
  batch: z.object({ item: b64url, index: z.number().int().nonnegative(), path: z.array(b64url).max(64) }).optional(),
  // — pki — the organisation's countersignature (docs/evidence.md, "Organisation countersignature").
  /** base64url of the exact payload bytes the organisation signed (signet.countersignature.payload/v1). */
  payload: b64url.optional(),
  /** Standard base64 of the DER CMS ContentInfo: detached SignedData over payload, CAdES-T. */
  cms: base64.optional(),
  /** PEM: the organisation certificate, then its issuers up to the root (root last). */
  certificates: z.string().optional(),
  /** Standard base64 of the DER RFC 3161 TimeStampToken (also inside cms as signatureTimeStampToken). */
  timestamp: base64.optional(),
});

export type EvidenceBundle = z.infer<typeof evidenceSchema>;

export const EVIDENCE_VERSION_V2 = 'signet.evidence/v2';

/**
 * Evidence bundle v2 (docs/evidence.md, "Several signers"): a request with several signers as a
 * whole. `signatures` lists one complete v1 bundle per signature, in signing (ledger) order, each
 * with its own countersignature, timestamp and inclusion proof; `request.signers` is the roster
 * every v2 statement commits to.
 */
export const evidenceV2Schema = z.object({
  version: z.literal(EVIDENCE_VERSION_V2),
  request: z.object({
    id: z.string(),
    title: z.string(),
    /** The request's status when the bundle was made: "signed" claims every signer is present. */
    status: z.string(),
    document: evidenceSchema.shape.record.shape.document,
    signers: z.array(z.object({ id: z.string(), displayName: z.string(), step: z.number().int().positive() })).min(1),
  }),
  signatures: z.array(z.unknown()),
});

export type EvidenceBundleV2 = Omit<z.infer<typeof evidenceV2Schema>, 'signatures'> & { signatures: EvidenceBundle[] };

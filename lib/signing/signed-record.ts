import type { schema } from '@/db/client';
import { b64u } from '../certificates/certificate-store';
import type { SignatureLeafInput } from '../ledger/signature-leaf';
import { PAYLOAD_TYPE, type RecordPayload } from './record-payload';
import type { TokenRequest } from './resolve-token';
import type { RecordCountersignature } from './countersign-record';

/**
 * One verified signing, as the verify stage establishes it: the single value from which the
 * countersigned payload, the signature_records row, the ledger leaf and (through those rows) the
 * evidence are derived, so none of them builds the same facts by hand (docs/architecture.md, the
 * signing path). Every binary field is base64url exactly as the browser sent it or as stored.
 */
export interface VerifiedSigning {
  recordId: string;
  request: TokenRequest;
  /** The challenge row consumed for this assertion (given back when the organisation's side fails). */
  challenge: { challenge: string; usedAt: Date | null };
  statement: string;
  assertion: { credentialId: string; clientDataJSON: string; authenticatorData: string; signature: string; userHandle: string | null };
  credential: { publicKeySpki: string; algorithm: number; backupEligible: boolean };
  /** What the assertion told us (authenticatorData flags and counter), already verified. */
  authenticator: { newCounter: number; userVerified: boolean; backedUp: boolean };
  signer: { id: string; name: string; email: string | null };
  documentSha256: string;
  origin: string;
  rpId: string;
  signedAt: Date;
  ip: string | null;
  userAgent: string | null;
}

/** A verified signing with the organisation's countersignature over payloadOf(it). */
export interface SignedRecord extends VerifiedSigning {
  countersignature: RecordCountersignature;
}

/** The countersignature payload (lib/signing/record-payload.ts fixes its byte encoding). */
export function payloadOf(v: VerifiedSigning): RecordPayload {
  return {
    type: PAYLOAD_TYPE,
    recordId: v.recordId,
    requestId: v.request.id,
    statement: v.statement,
    assertion: v.assertion,
    credentialPublicKey: v.credential.publicKeySpki,
    algorithm: v.credential.algorithm,
    signer: v.signer,
    documentSha256: v.documentSha256,
    signedAt: v.signedAt.toISOString(),
  };
}

/** The signature_records row. */
export function recordRowOf(r: SignedRecord): typeof schema.signatureRecords.$inferInsert {
  return {
    id: r.recordId,
    requestId: r.request.id,
    documentId: r.request.documentId,
    signerId: r.request.signerId,
    credentialId: r.assertion.credentialId,
    statement: r.statement,
    challenge: r.challenge.challenge,
    clientDataJson: r.assertion.clientDataJSON,
    authenticatorData: r.assertion.authenticatorData,
    signature: r.assertion.signature,
    userHandle: r.assertion.userHandle,
    publicKeySpki: r.credential.publicKeySpki,
    algorithm: r.credential.algorithm,
    rpId: r.rpId,
    origin: r.origin,
    counter: r.authenticator.newCounter,
    userVerified: r.authenticator.userVerified,
    backupEligible: r.credential.backupEligible,
    backedUp: r.authenticator.backedUp,
    signedAt: r.signedAt,
    ip: r.ip,
    userAgent: r.userAgent?.slice(0, 512) ?? null,
  };
}

/** The record_countersignatures row. */
export function countersignatureRowOf(r: SignedRecord): typeof schema.recordCountersignatures.$inferInsert {
  const c = r.countersignature;
  return { recordId: r.recordId, certificateId: c.certificateId, payload: b64u(c.payload), cms: b64u(c.cms), timestamp: b64u(c.timestamp), genTime: c.genTime, signingTime: c.signingTime };
}

/** The signing ledger's leaf (lib/ledger/signature-leaf.ts fixes its byte encoding). */
export function leafOf(r: SignedRecord): SignatureLeafInput {
  return {
    recordId: r.recordId,
    requestId: r.request.id,
    signerId: r.request.signerId,
    signedAt: r.signedAt.toISOString(),
    documentSha256: r.documentSha256,
    credentialId: r.assertion.credentialId,
    statement: r.statement,
    clientDataJSON: r.assertion.clientDataJSON,
    authenticatorData: r.assertion.authenticatorData,
    signature: r.assertion.signature,
    publicKey: r.credential.publicKeySpki,
  };
}

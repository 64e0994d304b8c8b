import { activeSigningIdentity } from '../certificates/signing-identity';
import type { Context } from '../context';
import { countersign } from '../pki/countersign';
import { readTstInfo } from '../pki/timestamp-authority';
import { decodeSignedData, findAttribute } from '../pki/signed-data';
import { OID } from '../pki/oids';
import { PkiError } from '../pki/pki-errors';

/** First field of the payload: names its format so a verifier never mistakes other JSON for it. */
export const PAYLOAD_TYPE = 'signet.countersignature.payload/v1';

/** What the organisation signs for one record. All binary values are base64url exactly as stored. */
export interface RecordPayload {
  type: typeof PAYLOAD_TYPE;
  recordId: string;
  requestId: string;
  /** base64url statement bytes (lib/signing/statement.ts) whose SHA-256 was the WebAuthn challenge. */
  statement: string;
  assertion: { credentialId: string; clientDataJSON: string; authenticatorData: string; signature: string; userHandle: string | null };
  /** base64url SubjectPublicKeyInfo DER of the signer's passkey, and its COSE algorithm. */
  credentialPublicKey: string;
  algorithm: number;
  signer: { id: string; name: string; email: string | null };
  documentSha256: string;
  /** ISO 8601 UTC: when the server accepted the assertion. */
  signedAt: string;
}

/**
 * The canonical payload bytes: UTF-8 JSON of the fields above, in this order, no whitespace. The
 * bytes are stored as signed (base64url) and verifiers check the CMS over those stored bytes, so
 * they never need to re-serialise anything.
 */
export function encodePayload(p: RecordPayload): Uint8Array {
  const ordered: RecordPayload = {
    type: p.type,
    recordId: p.recordId,
    requestId: p.requestId,
    statement: p.statement,
    assertion: {
      credentialId: p.assertion.credentialId,
      clientDataJSON: p.assertion.clientDataJSON,
      authenticatorData: p.assertion.authenticatorData,
      signature: p.assertion.signature,
      userHandle: p.assertion.userHandle,
    },
    credentialPublicKey: p.credentialPublicKey,
    algorithm: p.algorithm,
    signer: { id: p.signer.id, name: p.signer.name, email: p.signer.email },
    documentSha256: p.documentSha256,
    signedAt: p.signedAt,
  };
  return new TextEncoder().encode(JSON.stringify(ordered));
}

export interface RecordCountersignature {
  certificateId: string;
  payload: Uint8Array;
  cms: Uint8Array;
  /** DER TimeStampToken, as embedded in cms. */
  timestamp: Uint8Array;
  genTime: Date;
  signingTime: Date;
}

/**
 * Countersigns a record with the active organisation certificate and has the signature stamped
 * (CAdES-T: RFC 5652 SignedData, RFC 5035 signingCertificateV2, RFC 3161 token as the unsigned
 * signatureTimeStampToken attribute). Slow (a TSA round trip), so it runs before the signing
 * transaction. Refuses with CERT_EXPIRED / CERT_NOT_YET_VALID / CERT_REVOKED at the injected time,
 * TSA_UNAVAILABLE when the TSA does not answer.
 */
export async function countersignRecord(ctx: Context, payload: RecordPayload): Promise<RecordCountersignature> {
  const identity = await activeSigningIdentity(ctx);
  const bytes = encodePayload(payload);
  const result = await countersign({
    payload: bytes,
    signerCertificate: identity.certificate,
    chain: identity.chain,
    privateKey: identity.privateKey,
    tsa: identity.tsa,
    clock: ctx.clock,
    revokedAt: identity.row.revokedAt ?? undefined,
    randomBytes: (n) => ctx.random.bytes(n),
  });
  return { certificateId: identity.row.id, payload: bytes, cms: result.cms, timestamp: timestampToken(result.cms), genTime: result.genTime, signingTime: result.signingTime };
}

/** Refuses before any challenge is consumed when the active certificate cannot sign now (cheap, no TSA). */
export async function assertCanCountersign(ctx: Context): Promise<void> {
  const identity = await activeSigningIdentity(ctx);
  const now = ctx.clock.now();
  const { row } = identity;
  if (row.revokedAt && now >= row.revokedAt) {
    throw new PkiError('CERT_REVOKED', `expected an organisation certificate not revoked at ${now.toISOString()}; "${row.subject}" was revoked at ${row.revokedAt.toISOString()}`);
  }
  if (now < row.notBefore) {
    throw new PkiError('CERT_NOT_YET_VALID', `expected an organisation certificate valid at ${now.toISOString()}; "${row.subject}" is valid only from ${row.notBefore.toISOString()}`);
  }
  if (now > row.notAfter) {
    throw new PkiError('CERT_EXPIRED', `expected an organisation certificate valid at ${now.toISOString()}; "${row.subject}" expired at ${row.notAfter.toISOString()}`);
  }
}

/** The DER TimeStampToken inside a countersignature (its signatureTimeStampToken attribute). */
export function timestampToken(cms: Uint8Array): Uint8Array {
  const signerInfo = decodeSignedData(cms).signerInfos[0];
  const attr = findAttribute(signerInfo?.unsignedAttrs, OID.signatureTimeStampToken);
  const value = attr?.values[0] as { toBER(sizeOnly?: boolean): ArrayBuffer } | undefined;
  if (!value) throw new PkiError('TSA_UNAVAILABLE', 'expected the countersignature to carry a signatureTimeStampToken, found none');
  const der = new Uint8Array(value.toBER(false));
  readTstInfo(der); // it is a token
  return der;
}

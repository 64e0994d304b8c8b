/* The organisation countersignature's payload format: pure, so offline verifiers can import it. */

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

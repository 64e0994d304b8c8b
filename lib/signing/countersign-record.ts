import { activeSigningIdentity, withFreshRevocation, type SigningIdentityRow } from '../certificates/signing-identity';
import type { Context } from '../context';
import { PkiError } from '../pki/pki-errors';
import { encodePayload, type RecordPayload } from './record-payload';

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
export async function countersignRecord(ctx: Context, payload: RecordPayload, checked?: SigningIdentityRow): Promise<RecordCountersignature> {
  // The identity assertCanCountersign already checked, its revocation read once more just before
  // the key signs: another instance may have revoked the certificate since.
  const identity = checked ? await withFreshRevocation(ctx, checked) : await activeSigningIdentity(ctx);
  const bytes = encodePayload(payload);
  const result = await identity.countersigner.countersign({
    payload: bytes,
    tsa: identity.tsa,
    clock: ctx.clock,
    revokedAt: identity.row.revokedAt ?? undefined,
    randomBytes: (n) => ctx.random.bytes(n),
  });
  return { certificateId: identity.row.id, payload: bytes, cms: result.cms, timestamp: result.token, genTime: result.genTime, signingTime: result.signingTime };
}

/**
 * Refuses before any challenge is consumed when the active certificate cannot sign now (no TSA call),
 * and returns the identity it checked so countersignRecord does not load it a second time.
 */
export async function assertCanCountersign(ctx: Context): Promise<SigningIdentityRow> {
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
  return identity;
}

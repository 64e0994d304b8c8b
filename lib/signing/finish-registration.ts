import { verifyRegistrationResponse, type RegistrationResponseJSON } from '@simplewebauthn/server';
import { decodeAttestationObject, isoBase64URL } from '@simplewebauthn/server/helpers';
import { eq } from 'drizzle-orm';
import { schema } from '@/db/client';
import type { Context } from '../context';
import { AppError, isAppError } from '../errors';
import { checkCeremony, decodeB64url, readClientData } from '../webauthn/check-response';
import { coseToSpki } from '../webauthn/cose-to-spki';
import { SUPPORTED_ALGORITHMS } from '../webauthn/algorithms';
import { consumeChallenge } from './consume-challenge';
import { findSignableRequest } from './resolve-token';

export interface RegisteredPasskey {
  credentialId: string;
  algorithm: number;
}

/** Verifies a passkey registration and binds the credential to the signer of this request. */
export async function finishRegistration(ctx: Context, token: string, response: RegistrationResponseJSON): Promise<RegisteredPasskey> {
  const request = await findSignableRequest(ctx, token);
  return bindPasskey(ctx, { requestId: request.id, signerId: request.signerId }, response);
}

/**
 * The registration itself, for a challenge issued to `signerId` on `requestId` (a request's own
 * link, or the first document of a batch approval: lib/batches/finish-batch-registration.ts).
 */
export async function bindPasskey(ctx: Context, issued: { requestId: string; signerId: string }, response: RegistrationResponseJSON): Promise<RegisteredPasskey> {
  const clientData = readClientData(response.response.clientDataJSON);
  let authData: Uint8Array<ArrayBuffer>;
  try {
    authData = decodeAttestationObject(decodeB64url(response.response.attestationObject, 'attestationObject')).get('authData');
  } catch (e) {
    if (isAppError(e)) throw e;
    throw new AppError('MALFORMED_ENCODING', 'expected attestationObject as base64url CBOR with authData', { cause: e });
  }
  const challenge = await consumeChallenge(ctx, clientData.challenge, { ...issued, kind: 'registration' });
  // A signer registers a passkey once: a second one (say from a registration challenge fetched
  // twice before the first completed) would let another device sign for them unnoticed.
  const [existing] = await ctx.db.select({ id: schema.credentials.id }).from(schema.credentials).where(eq(schema.credentials.signerId, issued.signerId)).limit(1);
  if (existing) throw new AppError('NEW_PASSKEY_NOT_ALLOWED', 'expected a signer without a passkey; this signer already has one, and this request does not allow registering another');
  checkCeremony(clientData, authData, { type: 'webauthn.create', origin: ctx.config.origin, rpId: ctx.config.rpId });

  let verification: Awaited<ReturnType<typeof verifyRegistrationResponse>>;
  try {
    verification = await verifyRegistrationResponse({
      response,
      expectedChallenge: challenge.challenge,
      expectedOrigin: ctx.config.origin,
      expectedRPID: ctx.config.rpId,
      requireUserVerification: true,
      supportedAlgorithmIDs: SUPPORTED_ALGORITHMS,
    });
  } catch (e) {
    throw new AppError('REGISTRATION_INVALID', `expected a valid passkey registration: ${(e as Error).message}`, { cause: e });
  }
  if (!verification.verified) throw new AppError('REGISTRATION_INVALID', 'expected a valid passkey registration, verification failed');
  const info = verification.registrationInfo;
  const { spki, algorithm } = coseToSpki(info.credential.publicKey);
  const now = ctx.clock.now();
  const inserted = await ctx.db
    .insert(schema.credentials)
    .values({
      id: info.credential.id,
      signerId: challenge.signerId,
      publicKeyCose: isoBase64URL.fromBuffer(info.credential.publicKey),
      publicKeySpki: isoBase64URL.fromBuffer(spki),
      algorithm,
      counter: info.credential.counter,
      transports: response.response.transports ?? [],
      deviceType: info.credentialDeviceType,
      backupEligible: info.credentialDeviceType === 'multiDevice',
      backedUp: info.credentialBackedUp,
      aaguid: info.aaguid,
      attestationObject: response.response.attestationObject,
      registrationClientDataJson: response.response.clientDataJSON,
      createdAt: now,
    })
    .onConflictDoNothing()
    .returning({ id: schema.credentials.id });
  if (inserted.length === 0) throw new AppError('REGISTRATION_INVALID', 'expected a new credential, this credential ID is already registered');
  return { credentialId: info.credential.id, algorithm };
}

import {
  generateRegistrationOptions,
  verifyRegistrationResponse,
  type PublicKeyCredentialCreationOptionsJSON,
  type RegistrationResponseJSON,
} from '@simplewebauthn/server';
import { decodeAttestationObject, isoBase64URL } from '@simplewebauthn/server/helpers';
import { relyingPartyName } from '../organization/organization-name';
import { schema } from '@/db/client';
import type { Context } from '../context';
import { AppError, isAppError } from '../errors';
import { SUPPORTED_ALGORITHMS } from '../webauthn/algorithms';
import { checkCeremony, decodeB64url, readClientData } from '../webauthn/check-response';
import { STAFF_CHALLENGE_TTL_MS } from './staff-challenge';

/**
 * Registration options for a staff passkey: discoverable (resident) so sign-in needs no user name,
 * user verification required, existing passkeys excluded so one authenticator is not
 * registered twice (WebAuthn §5.4, excludeCredentials).
 */
export async function staffRegistrationOptions(
  ctx: Context,
  input: { challenge: string; webauthnUserId: string; name: string; exclude?: { id: string; transports: string[] }[] },
): Promise<PublicKeyCredentialCreationOptionsJSON> {
  return generateRegistrationOptions({
    rpName: await relyingPartyName(ctx),
    rpID: ctx.config.rpId,
    userID: isoBase64URL.toBuffer(input.webauthnUserId),
    userName: input.name,
    userDisplayName: input.name,
    challenge: isoBase64URL.toBuffer(input.challenge),
    attestationType: 'none',
    timeout: STAFF_CHALLENGE_TTL_MS,
    supportedAlgorithmIDs: SUPPORTED_ALGORITHMS,
    excludeCredentials: (input.exclude ?? []).map((c) => ({ id: c.id, transports: c.transports as never })),
    authenticatorSelection: { residentKey: 'required', userVerification: 'required' },
  });
}

/** The challenge a registration response answers (read before it is consumed). */
export function registrationChallenge(response: RegistrationResponseJSON): { challenge: string; authData: Uint8Array<ArrayBuffer> } {
  const clientData = readClientData(response?.response?.clientDataJSON);
  try {
    const authData = decodeAttestationObject(decodeB64url(response.response.attestationObject, 'attestationObject')).get('authData');
    return { challenge: clientData.challenge, authData };
  } catch (e) {
    if (isAppError(e)) throw e;
    throw new AppError('MALFORMED_ENCODING', 'expected attestationObject as base64url CBOR with authData', { cause: e });
  }
}

export type NewPasskey = typeof schema.staffPasskeys.$inferInsert;

/**
 * Verifies a staff passkey registration against an already consumed challenge and returns the row
 * to insert, byte-exact as received. Each RP check gets its own error code first (checkCeremony),
 * then SimpleWebAuthn verifies everything as the final authority.
 */
export async function verifyStaffRegistration(
  ctx: Context,
  response: RegistrationResponseJSON,
  challenge: string,
  owner: { userId: string; label: string },
): Promise<NewPasskey> {
  const clientData = readClientData(response.response.clientDataJSON);
  const { authData } = registrationChallenge(response);
  checkCeremony(clientData, authData, { type: 'webauthn.create', origin: ctx.config.origin, rpId: ctx.config.rpId });
  let verification: Awaited<ReturnType<typeof verifyRegistrationResponse>>;
  try {
    verification = await verifyRegistrationResponse({
      response,
      expectedChallenge: challenge,
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
  return {
    id: info.credential.id,
    userId: owner.userId,
    label: owner.label,
    publicKeyCose: isoBase64URL.fromBuffer(info.credential.publicKey),
    counter: info.credential.counter,
    transports: response.response.transports ?? [],
    deviceType: info.credentialDeviceType,
    backedUp: info.credentialBackedUp,
    aaguid: info.aaguid,
    attestationObject: response.response.attestationObject,
    registrationClientDataJson: response.response.clientDataJSON,
    createdAt: ctx.clock.now(),
  };
}

/** A label for a passkey from the client's hint, trimmed, or a dated default. */
export function passkeyLabel(ctx: Context, hint: string | undefined): string {
  const label = (hint ?? '').trim().slice(0, 60);
  return label || `Passkey added ${ctx.clock.now().toISOString().slice(0, 10)}`;
}

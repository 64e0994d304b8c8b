import { eq } from 'drizzle-orm';
import {
  generateAuthenticationOptions,
  verifyAuthenticationResponse,
  type AuthenticationResponseJSON,
  type PublicKeyCredentialRequestOptionsJSON,
} from '@simplewebauthn/server';
import { isoBase64URL } from '@simplewebauthn/server/helpers';
import { schema } from '@/db/client';
import type { Context } from '../context';
import { AppError } from '../errors';
import { checkCeremony, decodeB64url, readClientData } from '../webauthn/check-response';
import { createSession, type NewSession, type SessionMeta } from './sessions';
import { STAFF_CHALLENGE_TTL_MS, consumeStaffChallenge, newChallenge, storeStaffChallenge } from './staff-challenge';

/**
 * Passkey sign-in options: no allowCredentials, so the browser offers the discoverable staff
 * passkeys it holds for this RP (WebAuthn §5.5); user verification required.
 */
export async function beginSignIn(ctx: Context): Promise<{ options: PublicKeyCredentialRequestOptionsJSON }> {
  const challenge = newChallenge(ctx);
  const options = await generateAuthenticationOptions({
    rpID: ctx.config.rpId,
    challenge: isoBase64URL.toBuffer(challenge),
    timeout: STAFF_CHALLENGE_TTL_MS,
    userVerification: 'required',
  });
  await storeStaffChallenge(ctx, options.challenge, 'sign-in');
  return { options };
}

export interface SignedIn {
  user: { id: string; name: string; roles: string[] };
  session: NewSession;
}

/** Verifies a passkey assertion and opens a session for the staff member who owns the passkey. */
export async function finishSignIn(ctx: Context, response: AuthenticationResponseJSON, meta: SessionMeta): Promise<SignedIn> {
  const clientData = readClientData(response?.response?.clientDataJSON);
  const authData = decodeB64url(response.response.authenticatorData, 'authenticatorData');
  await consumeStaffChallenge(ctx, clientData.challenge, 'sign-in');
  checkCeremony(clientData, authData, { type: 'webauthn.get', origin: ctx.config.origin, rpId: ctx.config.rpId });

  const credentialId = typeof response.id === 'string' ? response.id : '';
  const [row] = await ctx.db
    .select({ passkey: schema.staffPasskeys, user: schema.staffUsers })
    .from(schema.staffPasskeys)
    .innerJoin(schema.staffUsers, eq(schema.staffUsers.id, schema.staffPasskeys.userId))
    .where(eq(schema.staffPasskeys.id, credentialId));
  if (!row || row.user.disabledAt) throw new AppError('PASSKEY_UNKNOWN', `expected a passkey registered to an active staff account, got credential "${credentialId.slice(0, 64)}"`);
  // A discoverable assertion names its user (userHandle); it must be the passkey's owner.
  if (response.response.userHandle && response.response.userHandle !== row.user.webauthnUserId) {
    throw new AppError('PASSKEY_UNKNOWN', 'expected the userHandle of the passkey\'s account, got another');
  }

  let verification: Awaited<ReturnType<typeof verifyAuthenticationResponse>>;
  try {
    verification = await verifyAuthenticationResponse({
      response,
      expectedChallenge: clientData.challenge,
      expectedOrigin: ctx.config.origin,
      expectedRPID: ctx.config.rpId,
      expectedType: 'webauthn.get',
      requireUserVerification: true,
      credential: { id: row.passkey.id, publicKey: isoBase64URL.toBuffer(row.passkey.publicKeyCose), counter: row.passkey.counter, transports: row.passkey.transports as never },
    });
  } catch (e) {
    const message = (e as Error).message ?? String(e);
    if (/counter/i.test(message)) throw new AppError('COUNTER_REGRESSION', `expected the signature counter to increase past ${row.passkey.counter}: ${message}`, { cause: e });
    throw new AppError('SIGNATURE_INVALID', `expected a valid passkey assertion: ${message}`, { cause: e });
  }
  if (!verification.verified) throw new AppError('SIGNATURE_INVALID', 'expected a valid passkey assertion, verification failed');
  await ctx.db
    .update(schema.staffPasskeys)
    .set({ counter: verification.authenticationInfo.newCounter, lastUsedAt: ctx.clock.now(), backedUp: verification.authenticationInfo.credentialBackedUp })
    .where(eq(schema.staffPasskeys.id, row.passkey.id));
  const session = await createSession(ctx, row.user.id, meta);
  return { user: { id: row.user.id, name: row.user.name, roles: row.user.roles }, session };
}

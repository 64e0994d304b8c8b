import { eq } from 'drizzle-orm';
import { verifyAuthenticationResponse, type AuthenticationResponseJSON } from '@simplewebauthn/server';
import { isoBase64URL, type ClientDataJSON } from '@simplewebauthn/server/helpers';
import { schema } from '@/db/client';
import type { Context } from '../context';
import { AppError } from '../errors';
import { checkCeremony } from '../webauthn/check-response';

export type CredentialRow = typeof schema.credentials.$inferSelect;
export type AuthenticationInfo = Awaited<ReturnType<typeof verifyAuthenticationResponse>>['authenticationInfo'];

/**
 * The ceremony checks (type, origin, RP ID, UP and UV flags) and the assertion signature against
 * the passkey `signerId` registered, over a challenge already consumed. Shared by one signing
 * (verify-signing.ts) and one batch approval (lib/batches/complete-batch-signing.ts).
 * `beforeCounterRefusal` runs when the counter did not rise, so a caller can answer a concurrent
 * submission's outcome instead of a cloned-key warning.
 */
export async function verifyPasskeyAssertion(
  ctx: Context,
  response: AuthenticationResponseJSON,
  clientData: ClientDataJSON,
  authenticatorData: Uint8Array<ArrayBuffer>,
  expected: { challenge: string; signerId: string; what: string },
  beforeCounterRefusal?: () => Promise<void>,
): Promise<{ credential: CredentialRow; info: AuthenticationInfo }> {
  checkCeremony(clientData, authenticatorData, { type: 'webauthn.get', origin: ctx.config.origin, rpId: ctx.config.rpId });
  const [credential] = await ctx.db.select().from(schema.credentials).where(eq(schema.credentials.id, response.id));
  if (!credential || credential.signerId !== expected.signerId) {
    throw new AppError('CREDENTIAL_UNKNOWN', `expected a passkey registered to ${expected.what}, got credential "${String(response.id).slice(0, 64)}"`);
  }
  let verification: Awaited<ReturnType<typeof verifyAuthenticationResponse>>;
  try {
    verification = await verifyAuthenticationResponse({
      response,
      expectedChallenge: expected.challenge,
      expectedOrigin: ctx.config.origin,
      expectedRPID: ctx.config.rpId,
      expectedType: 'webauthn.get',
      requireUserVerification: true,
      credential: {
        id: credential.id,
        publicKey: isoBase64URL.toBuffer(credential.publicKeyCose),
        counter: credential.counter,
        transports: credential.transports,
      },
    });
  } catch (e) {
    const message = (e as Error).message ?? String(e);
    if (/counter/i.test(message)) {
      await beforeCounterRefusal?.();
      throw new AppError('COUNTER_REGRESSION', `expected a signature counter above ${credential.counter}: ${message}`, { cause: e });
    }
    throw new AppError('SIGNATURE_INVALID', `expected a valid assertion signature: ${message}`, { cause: e });
  }
  if (!verification.verified) {
    throw new AppError('SIGNATURE_INVALID', 'expected the signature over authenticatorData ‖ SHA-256(clientDataJSON) to verify with the registered key; it does not');
  }
  return { credential, info: verification.authenticationInfo };
}

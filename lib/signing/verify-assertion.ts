import { eq } from 'drizzle-orm';
import type { AuthenticationResponseJSON } from '@simplewebauthn/server';
import type { ClientDataJSON } from '@simplewebauthn/server/helpers';
import { schema } from '@/db/client';
import type { Context } from '../context';
import { AppError } from '../errors';
import { checkCeremony } from '../webauthn/check-response';
import { verifyAssertion, type VerifiedAssertion } from '../webauthn/verify-assertion';

export type CredentialRow = typeof schema.credentials.$inferSelect;

/**
 * The ceremony checks (type, origin, RP ID, UP and UV flags) and the assertion signature against
 * the passkey `signerId` registered, over a challenge already consumed. Shared by one signing
 * (verify-signing.ts) and one batch approval (lib/batches/complete-batch-signing.ts).
 * `expected.credential` is the passkey row when the caller already read it in its own round trip
 * (null: none of this signer's); otherwise it is read here. `beforeCounterRefusal` runs when the
 * counter did not rise, so a caller can answer a concurrent submission's outcome instead of a
 * cloned-key warning.
 */
export async function verifyPasskeyAssertion(
  ctx: Context,
  response: AuthenticationResponseJSON,
  clientData: ClientDataJSON,
  authenticatorData: Uint8Array<ArrayBuffer>,
  expected: { challenge: string; signerId: string; what: string; credential?: CredentialRow | null },
  beforeCounterRefusal?: () => Promise<void>,
): Promise<{ credential: CredentialRow; info: VerifiedAssertion }> {
  checkCeremony(clientData, authenticatorData, { type: 'webauthn.get', origin: ctx.config.origin, rpId: ctx.config.rpId });
  let credential = expected.credential;
  if (credential === undefined) [credential] = await ctx.db.select().from(schema.credentials).where(eq(schema.credentials.id, response.id));
  if (!credential || credential.signerId !== expected.signerId) {
    throw new AppError('CREDENTIAL_UNKNOWN', `expected a passkey registered to ${expected.what}, got credential "${String(response.id).slice(0, 64)}"`);
  }
  let info: VerifiedAssertion;
  try {
    info = await verifyAssertion(response, credential, { challenge: expected.challenge, origin: ctx.config.origin, rpId: ctx.config.rpId });
  } catch (e) {
    const message = (e as Error).message ?? String(e);
    if (/counter/i.test(message)) {
      await beforeCounterRefusal?.();
      throw new AppError('COUNTER_REGRESSION', `expected a signature counter above ${credential.counter}: ${message}`, { cause: e });
    }
    throw new AppError('SIGNATURE_INVALID', `expected a valid assertion signature over authenticatorData ‖ SHA-256(clientDataJSON): ${message}`, { cause: e });
  }
  return { credential, info };
}

/**
 * What a record states about the passkey ceremony, from the verified assertion: the same for one
 * signing and for each document of a batch approval (lib/signing/signed-record.ts).
 */
export function assertionFacts(response: AuthenticationResponseJSON, credential: CredentialRow, info: VerifiedAssertion) {
  return {
    assertion: {
      credentialId: credential.id,
      clientDataJSON: response.response.clientDataJSON,
      authenticatorData: response.response.authenticatorData,
      signature: response.response.signature,
      userHandle: response.response.userHandle ?? null,
    },
    credential: { publicKeySpki: credential.publicKeySpki, algorithm: credential.algorithm, backupEligible: credential.backupEligible },
    authenticator: { newCounter: info.newCounter, userVerified: info.userVerified, backedUp: info.credentialBackedUp },
  };
}

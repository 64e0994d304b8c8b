import type { AuthenticationResponseJSON } from '@simplewebauthn/server';
import type { Context } from '../context';
import { completeSigning, type SignedRecordRef, type SigningMeta } from '../signing/complete-signing';
import { sealQueueFor, sealWhenSigned } from './seal-when-signed';

/**
 * A signer's signature, as the phone's "complete" call makes it; when it was the last one the
 * request needed, the sealed PDF is queued in the background (the answer does not wait for it, and
 * seals wait while signings are in flight: seal-queue.ts).
 */
export async function signAndSeal(ctx: Context, token: string, response: AuthenticationResponseJSON, meta: SigningMeta): Promise<SignedRecordRef> {
  const signed = await sealQueueFor(ctx).whileSigning(() => completeSigning(ctx, token, response, meta));
  if (signed.requestSigned) sealWhenSigned(ctx, signed.requestId);
  return signed;
}

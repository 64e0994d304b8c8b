import type { AuthenticationResponseJSON } from '@simplewebauthn/server';
import type { Context } from '../context';
import { completeSigning, type SignedRecordRef, type SigningMeta } from '../signing/complete-signing';
import { sealWhenSigned } from './seal-when-signed';

/**
 * A signer's signature, as the phone's "complete" call makes it; when it was the last one the
 * request needed, the sealed PDF is started in the background (the answer does not wait for it).
 */
export async function signAndSeal(ctx: Context, token: string, response: AuthenticationResponseJSON, meta: SigningMeta): Promise<SignedRecordRef> {
  const signed = await completeSigning(ctx, token, response, meta);
  if (signed.requestSigned) sealWhenSigned(ctx, signed.requestId);
  return signed;
}

import type { AuthenticationResponseJSON } from '@simplewebauthn/server';
import type { Context } from '../context';
import { sealRequest } from '../sealing/seal-request';
import type { SigningMeta } from '../signing/verify-signing';
import { completeBatchSigning, type BatchSigningResult } from './complete-batch-signing';

/**
 * completeBatchSigning, then every request it completed sealed in the background as a single
 * signing is (lib/sealing/sign-and-seal.ts) — one after another, so a 500-document approval does
 * not send 500 timestamp requests at once. A failure is recorded by sealRequest; getSealedPdf retries.
 */
export async function signBatchAndSeal(ctx: Context, token: string, response: AuthenticationResponseJSON, meta: SigningMeta): Promise<BatchSigningResult> {
  const done = await completeBatchSigning(ctx, token, response, meta);
  const completed = done.records.filter((r) => r.requestSigned).map((r) => r.requestId);
  void completed.reduce<Promise<unknown>>((previous, id) => previous.then(() => sealRequest(ctx, id).catch(() => undefined)), Promise.resolve());
  return done;
}

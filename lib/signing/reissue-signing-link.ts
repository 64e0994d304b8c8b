import { and, eq, inArray } from 'drizzle-orm';
import { schema } from '@/db/client';
import type { Actor } from '../auth/actor';
import { assertVisible } from '../auth/ownership';
import type { Context } from '../context';
import { AppError } from '../errors';
import { assertSignable } from './resolve-token';
import { getSigningRequest } from './get-signing-request';
import { buildSignUrl } from './sign-url';
import { hashSigningToken, newSigningToken } from './token';

/**
 * Replaces one signer's signing link (by default the first who has yet to sign). Only the token's
 * hash is stored, so a desktop that lost the QR (another browser, cleared tab) gets a new one; the
 * old link stops working at once. An uploader may re-issue only their own request's links;
 * another's id answers as a missing one.
 */
export async function reissueSigningLink(
  ctx: Context,
  id: string,
  actor?: Actor,
  slotId?: string,
): Promise<{ token: string; signUrl: string; signerId: string }> {
  await assertVisible(ctx, actor, 'request', id, `expected an existing signing request id, got "${id}"`);
  const [row] = await ctx.db.select().from(schema.signingRequests).where(eq(schema.signingRequests.id, id));
  if (!row) throw new AppError('NOT_FOUND', `expected an existing signing request id, got "${id}"`);
  const view = await getSigningRequest(ctx, id);
  assertSignable({ ...row, status: view.status });
  const slot = slotId ? view.signers.find((s) => s.id === slotId) : (view.signers.find((s) => s.step === view.currentStep && s.status !== 'signed') ?? view.signers[0]);
  if (!slot) throw new AppError('NOT_FOUND', `expected a signer of request ${id}, got "${slotId}"`);
  if (slot.status === 'signed') throw new AppError('REQUEST_ALREADY_SIGNED', `expected a signer who has yet to sign; ${slot.displayName} signed at ${slot.signedAt}`);
  const token = newSigningToken(ctx.random);
  const updated = await ctx.db.transaction(async (tx) => {
    const live = await tx
      .select({ id: schema.signingRequests.id })
      .from(schema.signingRequests)
      .where(and(eq(schema.signingRequests.id, id), inArray(schema.signingRequests.status, ['pending', 'opened'])))
      .for('update');
    if (live.length === 0) return [];
    return tx
      .update(schema.requestSigners)
      .set({ tokenHash: hashSigningToken(token) })
      .where(and(eq(schema.requestSigners.id, slot.id), inArray(schema.requestSigners.status, ['pending', 'opened'])))
      .returning({ id: schema.requestSigners.id });
  });
  if (updated.length === 0) throw new AppError('REQUEST_NOT_SIGNABLE', 'expected the request to still await a signature; it changed concurrently');
  const signUrl = buildSignUrl(ctx.config.origin, token, {
    documentSha256: view.document.sha256,
    size: view.document.size,
    expiresAt: new Date(view.expiresAt),
    title: view.title,
  });
  return { token, signUrl, signerId: slot.id };
}

import { eq } from 'drizzle-orm';
import { schema } from '@/db/client';
import type { Actor } from '../auth/actor';
import { assertVisible } from '../auth/ownership';
import type { Context } from '../context';
import { AppError } from '../errors';
import { createSigningRequest, type CreatedSigningRequest } from './create-signing-request';
import { getSigningRequest } from './get-signing-request';

const ENDED = new Set(['declined', 'expired', 'cancelled']);

/**
 * Asks again: a new request for the same document, title and signers (the same identities, so their
 * passkeys still apply, in the same steps), linked to the declined, expired or cancelled one it
 * replaces. A live or signed request answers REQUEST_STILL_LIVE.
 */
export async function reRequestSigningRequest(ctx: Context, id: string, actor?: Actor, expiresInHours?: number): Promise<CreatedSigningRequest> {
  await assertVisible(ctx, actor, 'request', id, `expected an existing signing request id, got "${id}"`);
  const old = await getSigningRequest(ctx, id);
  if (!ENDED.has(old.status)) throw new AppError('REQUEST_STILL_LIVE', `expected a declined, expired or cancelled request, this one is ${old.status}`);
  const [row] = await ctx.db.select().from(schema.signingRequests).where(eq(schema.signingRequests.id, id));
  if (!row) throw new AppError('NOT_FOUND', `expected an existing signing request id, got "${id}"`);
  return createSigningRequest(
    ctx,
    {
      documentId: old.document.id,
      title: old.title,
      documentType: old.documentType,
      requestedBy: old.requestedBy,
      signers: old.signers.map((s) => ({ name: s.displayName, email: s.email, step: s.step, signerId: s.signerId })),
      expiresInHours,
      previousRequestId: old.id,
    },
    actor,
  );
}

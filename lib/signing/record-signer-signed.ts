import { and, eq, inArray, ne } from 'drizzle-orm';
import { schema, type Db } from '@/db/client';
import type { Actor } from '../auth/actor';
import type { Context } from '../context';
import { AppError } from '../errors';
import { recordOperation } from '../operations/record-operation';
import { assertSignable, type TokenRequest } from './resolve-token';

const COMPLETION_ACTOR: Actor = { kind: 'system', name: 'request-completion' };

/**
 * Inside the signing transaction: marks this signer signed and, when nobody is left, the request
 * signed. The request row is locked first (SELECT … FOR UPDATE), so two signers of one step
 * finishing at the same moment are serialised here: both are recorded, and only the second sees
 * nobody left, sets `signed` and logs the one `request.complete` entry. The same lock makes a
 * concurrent decline, cancel or expiry either win before (and this signing is refused) or wait.
 * Answers whether this signature completed the request.
 */
export async function recordSignerSigned(ctx: Context, tx: Db, request: TokenRequest, now: Date): Promise<boolean> {
  const [current] = await tx.select().from(schema.signingRequests).where(eq(schema.signingRequests.id, request.id)).for('update');
  if (!current) throw new AppError('INTERNAL', `expected request ${request.id} to exist; it does not`);
  assertSignable(current);
  const signed = await tx
    .update(schema.requestSigners)
    .set({ status: 'signed', signedAt: now })
    .where(and(eq(schema.requestSigners.id, request.slot.id), inArray(schema.requestSigners.status, ['pending', 'opened'])))
    .returning({ id: schema.requestSigners.id });
  if (signed.length === 0) {
    const [slot] = await tx.select().from(schema.requestSigners).where(eq(schema.requestSigners.id, request.slot.id));
    if (slot) assertSignable(current, slot);
    throw new AppError('REQUEST_NOT_SIGNABLE', 'expected the signer to still have to sign; it changed concurrently');
  }
  const left = await tx
    .select({ id: schema.requestSigners.id })
    .from(schema.requestSigners)
    .where(and(eq(schema.requestSigners.requestId, request.id), ne(schema.requestSigners.status, 'signed')))
    .limit(1);
  if (left.length > 0) {
    if (current.status === 'pending') await tx.update(schema.signingRequests).set({ status: 'opened', openedAt: current.openedAt ?? now }).where(eq(schema.signingRequests.id, request.id));
    return false;
  }
  await tx.update(schema.signingRequests).set({ status: 'signed', signedAt: now }).where(eq(schema.signingRequests.id, request.id));
  await recordOperation(ctx, { action: 'request.complete', actor: COMPLETION_ACTOR, target: { type: 'request', id: request.id }, outcome: 'ok', details: { signedAt: now.toISOString() } }, tx);
  return true;
}

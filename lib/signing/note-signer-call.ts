import { eq } from 'drizzle-orm';
import { schema } from '@/db/client';
import type { Context } from '../context';
import { hashSigningToken } from './token';
import type { OperationNote } from '../operations/log-call';

const TOKEN_SHAPE = /^[A-Za-z0-9_-]{16,64}$/;

/**
 * For the phone-side routes, authorized by the signing token alone: names the request as the
 * operation's target and its signer as the actor, so even a refused call (expired, already signed)
 * is logged against the right request. An unknown token leaves both unset (never the token itself).
 */
export async function noteSignerCall(ctx: Context, note: OperationNote, token: string): Promise<void> {
  note.actor = { kind: 'signer', id: null, name: null };
  if (!TOKEN_SHAPE.test(token)) return;
  const [row] = await ctx.db
    .select({ requestId: schema.signingRequests.id, signerId: schema.signers.id, signerName: schema.signers.displayName })
    .from(schema.requestSigners)
    .innerJoin(schema.signingRequests, eq(schema.signingRequests.id, schema.requestSigners.requestId))
    .innerJoin(schema.signers, eq(schema.signers.id, schema.requestSigners.signerId))
    .where(eq(schema.requestSigners.tokenHash, hashSigningToken(token)));
  if (!row) return;
  note.target = { type: 'request', id: row.requestId };
  note.actor = { kind: 'signer', id: row.signerId, name: row.signerName };
}

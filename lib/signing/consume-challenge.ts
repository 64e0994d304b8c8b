import { and, eq, gt, isNull } from 'drizzle-orm';
import { schema } from '@/db/client';
import type { Context } from '../context';
import { AppError } from '../errors';

export type ChallengeRow = typeof schema.challenges.$inferSelect;

/**
 * Takes a challenge out of circulation before its response is verified, so every challenge works
 * at most once: a failed attempt burns it too, and a replay finds it used. One conditional UPDATE
 * both checks and takes it, so two concurrent submissions of one assertion cannot both pass and
 * the common path costs one round trip; only when it takes nothing is the row read again, to say
 * why (unknown, another request's, used, expired).
 */
export async function consumeChallenge(
  ctx: Context,
  challenge: string,
  expected: { requestId: string; signerId: string; kind: 'registration' | 'signing' | 'batch-signing' },
): Promise<ChallengeRow> {
  const c = schema.challenges;
  const now = ctx.clock.now();
  const [taken] = await ctx.db
    .update(c)
    .set({ usedAt: now })
    .where(and(eq(c.challenge, challenge), isNull(c.usedAt), gt(c.expiresAt, now), eq(c.requestId, expected.requestId), eq(c.signerId, expected.signerId), eq(c.kind, expected.kind)))
    .returning();
  if (taken) return taken;
  const [row] = await ctx.db.select().from(c).where(eq(c.challenge, challenge));
  return refuse(row, challenge, expected, now);
}

/** Why a challenge could not be taken, from its row as it is now. */
function refuse(row: ChallengeRow | undefined, challenge: string, expected: { requestId: string; signerId: string; kind: string }, now: Date): never {
  if (!row) throw new AppError('CHALLENGE_UNKNOWN', `expected a challenge this server issued, got "${challenge.slice(0, 64)}"`);
  if (row.requestId !== expected.requestId) {
    throw new AppError('CHALLENGE_OTHER_REQUEST', `expected a challenge issued for request ${expected.requestId}, this one was issued for another request`);
  }
  if (row.signerId !== expected.signerId) {
    throw new AppError('CHALLENGE_OTHER_REQUEST', 'expected a challenge issued to this signer; this one was issued to another signer of the request');
  }
  if (row.kind !== expected.kind) {
    throw new AppError('CHALLENGE_UNKNOWN', `expected a ${expected.kind} challenge, got a ${row.kind} challenge`);
  }
  if (row.usedAt) throw new AppError('CHALLENGE_USED', `expected an unused challenge; this one was used at ${row.usedAt.toISOString()}`);
  if (row.expiresAt.getTime() <= now.getTime()) {
    throw new AppError('CHALLENGE_EXPIRED', `expected a challenge younger than 5 minutes; it expired at ${row.expiresAt.toISOString()}`);
  }
  throw new AppError('CHALLENGE_USED', 'expected an unused challenge; a concurrent submission used it first');
}

/**
 * Gives a consumed challenge back after a refusal that was not the signer's doing (the organisation
 * certificate or the TSA failed after the assertion verified): nothing was recorded and the
 * credential counter was not moved, so the same assertion may be submitted again once the
 * organisation has fixed its side. Only the consumption made at `usedAt` is undone.
 */
export async function releaseChallenge(ctx: Context, taken: Pick<ChallengeRow, 'challenge' | 'usedAt'>): Promise<void> {
  if (!taken.usedAt) return;
  await ctx.db
    .update(schema.challenges)
    .set({ usedAt: null })
    .where(and(eq(schema.challenges.challenge, taken.challenge), eq(schema.challenges.usedAt, taken.usedAt)));
}

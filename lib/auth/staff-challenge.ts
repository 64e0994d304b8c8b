import { and, eq, isNull } from 'drizzle-orm';
import { isoBase64URL } from '@simplewebauthn/server/helpers';
import { schema } from '@/db/client';
import type { Context } from '../context';
import { AppError } from '../errors';

/** Staff WebAuthn challenges live 5 minutes, as the signing ones (lib/signing/begin-signing.ts). */
export const STAFF_CHALLENGE_TTL_MS = 5 * 60_000;

export type StaffChallengeKind = 'sign-in' | 'enrol' | 'add-passkey';
export type StaffChallengeRow = typeof schema.staffChallenges.$inferSelect;

/** A fresh random challenge (WebAuthn §13.4.3: at least 16 random bytes; we use 32). */
export function newChallenge(ctx: Context): string {
  return isoBase64URL.fromBuffer(ctx.random.bytes(32));
}

export async function storeStaffChallenge(
  ctx: Context,
  challenge: string,
  kind: StaffChallengeKind,
  bound: { inviteId?: string; userId?: string; webauthnUserId?: string } = {},
): Promise<void> {
  const now = ctx.clock.now();
  await ctx.db.insert(schema.staffChallenges).values({
    challenge,
    kind,
    inviteId: bound.inviteId ?? null,
    userId: bound.userId ?? null,
    webauthnUserId: bound.webauthnUserId ?? null,
    createdAt: now,
    expiresAt: new Date(now.getTime() + STAFF_CHALLENGE_TTL_MS),
  });
}

/**
 * Takes a staff challenge out of circulation before its response is verified (single use, even
 * when verification then fails), with a conditional UPDATE so two concurrent uses cannot both pass.
 */
export async function consumeStaffChallenge(ctx: Context, challenge: string, kind: StaffChallengeKind): Promise<StaffChallengeRow> {
  const [row] = await ctx.db.select().from(schema.staffChallenges).where(eq(schema.staffChallenges.challenge, challenge));
  if (!row || row.kind !== kind) throw new AppError('CHALLENGE_UNKNOWN', `expected a ${kind} challenge this server issued, got "${challenge.slice(0, 64)}"`);
  if (row.usedAt) throw new AppError('CHALLENGE_USED', `expected an unused challenge; this one was used at ${row.usedAt.toISOString()}`);
  const now = ctx.clock.now();
  if (row.expiresAt.getTime() <= now.getTime()) {
    throw new AppError('CHALLENGE_EXPIRED', `expected a challenge younger than 5 minutes; it expired at ${row.expiresAt.toISOString()}`);
  }
  const [taken] = await ctx.db
    .update(schema.staffChallenges)
    .set({ usedAt: now })
    .where(and(eq(schema.staffChallenges.challenge, challenge), isNull(schema.staffChallenges.usedAt)))
    .returning();
  if (!taken) throw new AppError('CHALLENGE_USED', 'expected an unused challenge; a concurrent submission used it first');
  return taken;
}

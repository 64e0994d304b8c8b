import { and, asc, count, eq } from 'drizzle-orm';
import type { PublicKeyCredentialCreationOptionsJSON, RegistrationResponseJSON } from '@simplewebauthn/server';
import { schema } from '@/db/client';
import type { Context } from '../context';
import { AppError } from '../errors';
import { passkeyLabel, registrationChallenge, staffRegistrationOptions, verifyStaffRegistration } from './passkey-registration';
import { consumeStaffChallenge, newChallenge, storeStaffChallenge } from './staff-challenge';

export interface PasskeyView {
  id: string;
  label: string;
  createdAt: string;
  lastUsedAt: string | null;
  backedUp: boolean;
}

export async function listPasskeys(ctx: Context, userId: string): Promise<PasskeyView[]> {
  const rows = await ctx.db.select().from(schema.staffPasskeys).where(eq(schema.staffPasskeys.userId, userId)).orderBy(asc(schema.staffPasskeys.createdAt));
  return rows.map((p) => ({ id: p.id, label: p.label, createdAt: p.createdAt.toISOString(), lastUsedAt: p.lastUsedAt?.toISOString() ?? null, backedUp: p.backedUp }));
}

async function staffUser(ctx: Context, userId: string): Promise<typeof schema.staffUsers.$inferSelect> {
  const [user] = await ctx.db.select().from(schema.staffUsers).where(eq(schema.staffUsers.id, userId));
  if (!user || user.disabledAt) throw new AppError('NOT_FOUND', `expected an active staff account, got "${userId.slice(0, 40)}"`);
  return user;
}

/** Registration options for a signed-in staff member's additional passkey (e.g. a backup key). */
export async function beginAddPasskey(ctx: Context, userId: string): Promise<{ options: PublicKeyCredentialCreationOptionsJSON }> {
  const user = await staffUser(ctx, userId);
  const existing = await ctx.db.select().from(schema.staffPasskeys).where(eq(schema.staffPasskeys.userId, userId));
  const challenge = newChallenge(ctx);
  const options = await staffRegistrationOptions(ctx, { challenge, webauthnUserId: user.webauthnUserId, name: user.name, exclude: existing });
  await storeStaffChallenge(ctx, challenge, 'add-passkey', { userId });
  return { options };
}

export async function finishAddPasskey(ctx: Context, userId: string, response: RegistrationResponseJSON, label?: string): Promise<PasskeyView> {
  await staffUser(ctx, userId);
  const { challenge } = registrationChallenge(response);
  const row = await consumeStaffChallenge(ctx, challenge, 'add-passkey');
  if (row.userId !== userId) throw new AppError('CHALLENGE_UNKNOWN', 'expected a challenge issued to this account, got one issued to another');
  const passkey = await verifyStaffRegistration(ctx, response, challenge, { userId, label: passkeyLabel(ctx, label) });
  const inserted = await ctx.db.insert(schema.staffPasskeys).values(passkey).onConflictDoNothing().returning();
  const p = inserted[0];
  if (!p) throw new AppError('REGISTRATION_INVALID', 'expected a new credential, this credential ID is already registered');
  return { id: p.id, label: p.label, createdAt: p.createdAt.toISOString(), lastUsedAt: null, backedUp: p.backedUp };
}

/**
 * Removes one of the user's passkeys, never the last (LAST_PASSKEY): the check and the delete run
 * in one transaction that locks the user's passkeys, so two concurrent removals cannot both pass.
 */
export async function removePasskey(ctx: Context, userId: string, passkeyId: string): Promise<{ removed: string; remaining: number }> {
  return ctx.db.transaction(async (tx) => {
    const mine = await tx.select({ id: schema.staffPasskeys.id }).from(schema.staffPasskeys).where(eq(schema.staffPasskeys.userId, userId)).for('update');
    if (!mine.some((p) => p.id === passkeyId)) throw new AppError('NOT_FOUND', `expected one of your passkeys, got "${passkeyId.slice(0, 64)}"`);
    if (mine.length <= 1) throw new AppError('LAST_PASSKEY', 'expected to keep at least one passkey; add another passkey before removing this one');
    await tx.delete(schema.staffPasskeys).where(and(eq(schema.staffPasskeys.id, passkeyId), eq(schema.staffPasskeys.userId, userId)));
    const [left] = await tx.select({ n: count() }).from(schema.staffPasskeys).where(eq(schema.staffPasskeys.userId, userId));
    return { removed: passkeyId, remaining: left?.n ?? 0 };
  });
}

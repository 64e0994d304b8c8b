import { and, eq, isNull } from 'drizzle-orm';
import type { PublicKeyCredentialCreationOptionsJSON, RegistrationResponseJSON } from '@simplewebauthn/server';
import { isoBase64URL } from '@simplewebauthn/server/helpers';
import { schema } from '@/db/client';
import type { Context } from '../context';
import { AppError } from '../errors';
import { findUsableInvite } from './invites';
import { passkeyLabel, registrationChallenge, staffRegistrationOptions, verifyStaffRegistration } from './passkey-registration';
import { storedRoles } from './roles';
import { createSession, type NewSession, type SessionMeta } from './sessions';
import { consumeStaffChallenge, newChallenge, storeStaffChallenge } from './staff-challenge';

export interface EnrolmentStart {
  name: string;
  roles: string[];
  kind: string;
  expiresAt: string;
  options: PublicKeyCredentialCreationOptionsJSON;
}

/**
 * The account name: an invite's is set by the admin who made it; the first-start setup link lets
 * the first administrator give their own (the server can only guess "Administrator").
 */
function chosenName(invite: { kind: string; name: string }, name: string | undefined): string {
  if (name === undefined) return invite.name;
  const trimmed = name.trim();
  if (invite.kind !== 'setup') throw new AppError('VALIDATION_FAILED', `name: expected no name for an invite link (the admin set "${invite.name}"); only a setup link takes one`);
  if (!trimmed || trimmed.length > 120) throw new AppError('VALIDATION_FAILED', `name: expected 1 to 120 characters, got ${trimmed.length}`);
  return trimmed;
}

/** Opens an enrolment link: says who it is for and returns passkey registration options. */
export async function beginEnrolment(ctx: Context, token: string, choice: { name?: string } = {}): Promise<EnrolmentStart> {
  const invite = await findUsableInvite(ctx, token);
  const name = chosenName(invite, choice.name);
  const challenge = newChallenge(ctx);
  const webauthnUserId = isoBase64URL.fromBuffer(ctx.random.bytes(32));
  const options = await staffRegistrationOptions(ctx, { challenge, webauthnUserId, name });
  await storeStaffChallenge(ctx, challenge, 'enrol', { inviteId: invite.id, webauthnUserId });
  return { name, roles: invite.roles, kind: invite.kind, expiresAt: invite.expiresAt.toISOString(), options };
}

export interface Enrolled {
  user: { id: string; name: string; roles: string[] };
  session: NewSession;
}

/**
 * Completes an enrolment: verifies the passkey, creates the account with the invite's roles, marks
 * the link used (atomically, so one link makes one account) and signs the new staff member in.
 */
export async function finishEnrolment(ctx: Context, token: string, response: RegistrationResponseJSON, meta: SessionMeta & { label?: string; name?: string }): Promise<Enrolled> {
  const invite = await findUsableInvite(ctx, token);
  const name = chosenName(invite, meta.name);
  const { challenge } = registrationChallenge(response);
  const row = await consumeStaffChallenge(ctx, challenge, 'enrol');
  if (row.inviteId !== invite.id || !row.webauthnUserId) {
    throw new AppError('CHALLENGE_UNKNOWN', 'expected a challenge issued for this enrolment link, got one issued for another');
  }
  const userId = ctx.random.uuid();
  const passkey = await verifyStaffRegistration(ctx, response, challenge, { userId, label: passkeyLabel(ctx, meta.label) });
  const now = ctx.clock.now();
  const roles = storedRoles(invite.roles);
  await ctx.db.transaction(async (tx) => {
    const used = await tx
      .update(schema.staffInvites)
      .set({ usedAt: now, usedBy: userId })
      .where(and(eq(schema.staffInvites.id, invite.id), isNull(schema.staffInvites.usedAt)))
      .returning({ id: schema.staffInvites.id });
    if (used.length === 0) throw new AppError('INVITE_USED', 'expected an unused link; a concurrent enrolment used it first');
    await tx.insert(schema.staffUsers).values({ id: userId, name, roles, webauthnUserId: row.webauthnUserId!, createdAt: now });
    const inserted = await tx.insert(schema.staffPasskeys).values(passkey).onConflictDoNothing().returning({ id: schema.staffPasskeys.id });
    if (inserted.length === 0) throw new AppError('REGISTRATION_INVALID', 'expected a new credential, this credential ID is already registered');
  });
  const session = await createSession(ctx, userId, meta);
  return { user: { id: userId, name, roles }, session };
}

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

/** Opens an enrolment link: says who it is for and returns passkey registration options. */
export async function beginEnrolment(ctx: Context, token: string): Promise<EnrolmentStart> {
  const invite = await findUsableInvite(ctx, token);
  const challenge = newChallenge(ctx);
  const webauthnUserId = isoBase64URL.fromBuffer(ctx.random.bytes(32));
  const options = await staffRegistrationOptions(ctx, { challenge, webauthnUserId, name: invite.name });
  await storeStaffChallenge(ctx, challenge, 'enrol', { inviteId: invite.id, webauthnUserId });
  return { name: invite.name, roles: invite.roles, kind: invite.kind, expiresAt: invite.expiresAt.toISOString(), options };
}

export interface Enrolled {
  user: { id: string; name: string; roles: string[] };
  session: NewSession;
}

/**
 * Completes an enrolment: verifies the passkey, creates the account with the invite's roles, marks
 * the link used (atomically, so one link makes one account) and signs the new staff member in.
 */
export async function finishEnrolment(ctx: Context, token: string, response: RegistrationResponseJSON, meta: SessionMeta & { label?: string }): Promise<Enrolled> {
  const invite = await findUsableInvite(ctx, token);
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
    await tx.insert(schema.staffUsers).values({ id: userId, name: invite.name, roles, webauthnUserId: row.webauthnUserId!, createdAt: now });
    const inserted = await tx.insert(schema.staffPasskeys).values(passkey).onConflictDoNothing().returning({ id: schema.staffPasskeys.id });
    if (inserted.length === 0) throw new AppError('REGISTRATION_INVALID', 'expected a new credential, this credential ID is already registered');
  });
  const session = await createSession(ctx, userId, meta);
  return { user: { id: userId, name: invite.name, roles }, session };
}

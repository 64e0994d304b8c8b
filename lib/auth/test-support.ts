import type { Context } from '../context';
import { SoftAuthenticator } from '@/test/support/soft-authenticator';
import type { Role } from './actor';
import { beginEnrolment, finishEnrolment, type Enrolled } from './enrol';
import { createInvite } from './invites';

/** Test helper: a staff member enrolled through a real invite with a software passkey. */
export async function enrolStaff(ctx: Context, roles: Role[], name = 'Test staff'): Promise<Enrolled & { authenticator: SoftAuthenticator }> {
  const invite = await createInvite(ctx, { kind: 'invite', name, roles });
  const token = invite.url.split('/enrol/')[1]!;
  const authenticator = new SoftAuthenticator({ origin: ctx.config.origin, rpId: ctx.config.rpId });
  const start = await beginEnrolment(ctx, token);
  const enrolled = await finishEnrolment(ctx, token, authenticator.register(start.options.challenge), { ip: null, userAgent: 'vitest' });
  return { ...enrolled, authenticator };
}

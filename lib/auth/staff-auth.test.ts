import { count, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { schema } from '@/db/client';
import { createTestContext, type TestContext } from '@/test/support/context';
import { SoftAuthenticator } from '@/test/support/soft-authenticator';
import { beginEnrolment, finishEnrolment } from './enrol';
import { announceSetupLink, createInvite } from './invites';
import { resolveSession, revokeAllSessions, revokeSession } from './sessions';
import { beginSignIn, finishSignIn } from './sign-in';
import { enrolStaff } from './test-support';
import { listStaffUsers } from './users';

let ctx: TestContext;
beforeEach(async () => {
  ctx = await createTestContext({ SESSION_IDLE_MINUTES: '30', SESSION_MAX_HOURS: '12', INVITE_TTL_HOURS: '72' }, { postgres: true });
});
afterEach(async () => ctx.dispose());

const tokenOf = (url: string) => url.split('/enrol/')[1]!;
const meta = { ip: '203.0.113.9', userAgent: 'vitest' };
const rows = async (table: typeof schema.staffUsers | typeof schema.staffSessions | typeof schema.staffPasskeys) => (await ctx.db.select({ n: count() }).from(table))[0]!.n;

describe('first start, enrolment and sign-in', () => {
  it('issues a one-hour setup link only while no staff exist; it enrols the first admin once', async () => {
    const lines: string[] = [];
    const url = await announceSetupLink(ctx, (l) => lines.push(l));
    expect(url).toMatch(/^http:\/\/localhost:3999\/enrol\/iv_[A-Za-z0-9_-]{43}$/);
    expect(lines.join('\n')).toContain(url!);
    const auth = new SoftAuthenticator({ origin: ctx.config.origin, rpId: ctx.config.rpId });
    const start = await beginEnrolment(ctx, tokenOf(url!));
    expect(start).toMatchObject({ roles: ['admin'], kind: 'setup' });
    expect(start.options.authenticatorSelection).toMatchObject({ residentKey: 'required', userVerification: 'required' });
    const done = await finishEnrolment(ctx, tokenOf(url!), auth.register(start.options.challenge), meta);
    expect(done.user.roles).toEqual(['admin']);
    expect(await resolveSession(ctx, done.session.token)).toMatchObject({ kind: 'staff', id: done.user.id, roles: ['admin'] });
    // Staff exist now: no new setup link on the next start.
    expect(await announceSetupLink(ctx, () => {})).toBeNull();

    // The used link cannot enrol anyone else, and nothing changes.
    await expect(beginEnrolment(ctx, tokenOf(url!))).rejects.toMatchObject({ code: 'INVITE_USED' });
    expect(await rows(schema.staffUsers)).toBe(1);
  });

  it('refuses an expired or unknown link, creating no account', async () => {
    const invite = await createInvite(ctx, { kind: 'setup', name: 'Admin', roles: ['admin'] });
    const start = await beginEnrolment(ctx, tokenOf(invite.url));
    ctx.clock.advance(60 * 60_000 + 1);
    const auth = new SoftAuthenticator({ origin: ctx.config.origin, rpId: ctx.config.rpId });
    await expect(finishEnrolment(ctx, tokenOf(invite.url), auth.register(start.options.challenge), meta)).rejects.toMatchObject({ code: 'INVITE_EXPIRED' });
    await expect(beginEnrolment(ctx, 'iv_nonsense')).rejects.toMatchObject({ code: 'INVITE_UNKNOWN' });
    expect(await rows(schema.staffUsers)).toBe(0);
    expect(await rows(schema.staffPasskeys)).toBe(0);
  });

  it('refuses a passkey registered without user verification', async () => {
    const invite = await createInvite(ctx, { kind: 'invite', name: 'Uma', roles: ['uploader'] });
    const start = await beginEnrolment(ctx, tokenOf(invite.url));
    const auth = new SoftAuthenticator({ origin: ctx.config.origin, rpId: ctx.config.rpId });
    await expect(finishEnrolment(ctx, tokenOf(invite.url), auth.register(start.options.challenge, { userVerified: false }), meta)).rejects.toMatchObject({
      code: 'USER_VERIFICATION_REQUIRED',
    });
    expect(await rows(schema.staffUsers)).toBe(0);
  });

  it('signs in with the enrolled passkey; challenges are single-use; unknown passkeys are refused', async () => {
    const staff = await enrolStaff(ctx, ['uploader'], 'Uma');
    const { options } = await beginSignIn(ctx);
    expect(options.userVerification).toBe('required');
    const assertion = staff.authenticator.assert(options.challenge);
    const signedIn = await finishSignIn(ctx, assertion, meta);
    expect(signedIn.user).toMatchObject({ id: staff.user.id, roles: ['uploader'] });
    await expect(finishSignIn(ctx, assertion, meta)).rejects.toMatchObject({ code: 'CHALLENGE_USED' });

    const stranger = new SoftAuthenticator({ origin: ctx.config.origin, rpId: ctx.config.rpId });
    const again = await beginSignIn(ctx);
    const sessionsBefore = await rows(schema.staffSessions);
    await expect(finishSignIn(ctx, stranger.assert(again.options.challenge), meta)).rejects.toMatchObject({ code: 'PASSKEY_UNKNOWN' });
    const noUv = await beginSignIn(ctx);
    await expect(finishSignIn(ctx, staff.authenticator.assert(noUv.options.challenge, { userVerified: false }), meta)).rejects.toMatchObject({ code: 'USER_VERIFICATION_REQUIRED' });
    expect(await rows(schema.staffSessions)).toBe(sessionsBefore);
  });
});

describe('sessions', () => {
  it('end after SESSION_IDLE_MINUTES without activity, and activity keeps them alive', async () => {
    const { session } = await enrolStaff(ctx, ['auditor']);
    ctx.clock.advance(29 * 60_000);
    await resolveSession(ctx, session.token);
    ctx.clock.advance(29 * 60_000);
    await resolveSession(ctx, session.token);
    ctx.clock.advance(30 * 60_000 + 1);
    await expect(resolveSession(ctx, session.token)).rejects.toMatchObject({ code: 'SESSION_EXPIRED' });
  });

  it('end SESSION_MAX_HOURS after sign-in however active', async () => {
    const { session } = await enrolStaff(ctx, ['auditor']);
    for (let i = 0; i < 12 * 3; i++) {
      ctx.clock.advance(20 * 60_000);
      if (i < 12 * 3 - 1) await resolveSession(ctx, session.token);
    }
    await expect(resolveSession(ctx, session.token)).rejects.toMatchObject({ code: 'SESSION_EXPIRED' });
  });

  it('sign-out ends one session; sign-out everywhere ends them all', async () => {
    const staff = await enrolStaff(ctx, ['admin']);
    const { options } = await beginSignIn(ctx);
    const second = await finishSignIn(ctx, staff.authenticator.assert(options.challenge), meta);
    await revokeSession(ctx, staff.session.sessionId);
    await expect(resolveSession(ctx, staff.session.token)).rejects.toMatchObject({ code: 'SESSION_EXPIRED' });
    await resolveSession(ctx, second.session.token);
    expect(await revokeAllSessions(ctx, staff.user.id)).toEqual({ revoked: 1 });
    await expect(resolveSession(ctx, second.session.token)).rejects.toMatchObject({ code: 'SESSION_EXPIRED' });
    await expect(resolveSession(ctx, 'ss_forged')).rejects.toMatchObject({ code: 'SESSION_EXPIRED' });
    const stored = await ctx.db.select().from(schema.staffSessions).where(eq(schema.staffSessions.userId, staff.user.id));
    expect(stored.every((s) => s.id !== staff.session.token && s.id.length === 64)).toBe(true);
  });
});

describe('the first administrator names themselves', () => {
  it('a setup link takes the name given at both steps; an invite link refuses one and creates nothing', async () => {
    const setup = await createInvite(ctx, { kind: 'setup', name: 'Administrator', roles: ['admin'] });
    const token = setup.url.split('/enrol/')[1]!;
    const auth = new SoftAuthenticator({ origin: ctx.config.origin, rpId: ctx.config.rpId });
    const start = await beginEnrolment(ctx, token, { name: ' 王芳 ' });
    expect(start.name).toBe('王芳');
    expect(start.options.user.name).toBe('王芳');
    const done = await finishEnrolment(ctx, token, auth.register(start.options.challenge), { ip: null, userAgent: 'vitest', name: '王芳' });
    expect(done.user.name).toBe('王芳');

    const invite = await createInvite(ctx, { kind: 'invite', name: 'Grace', roles: ['uploader'] });
    const inviteToken = invite.url.split('/enrol/')[1]!;
    await expect(beginEnrolment(ctx, inviteToken, { name: 'Mallory' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED', message: expect.stringContaining('only a setup link') });
    const other = new SoftAuthenticator({ origin: ctx.config.origin, rpId: ctx.config.rpId });
    const ok = await beginEnrolment(ctx, inviteToken);
    await expect(finishEnrolment(ctx, inviteToken, other.register(ok.options.challenge), { ip: null, userAgent: 'vitest', name: 'Mallory' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    expect((await listStaffUsers(ctx)).map((u) => u.name)).toEqual(['王芳']);
  });
});

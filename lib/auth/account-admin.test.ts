import { count } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { schema } from '@/db/client';
import { createTestContext, type TestContext } from '@/test/support/context';
import { SoftAuthenticator } from '@/test/support/soft-authenticator';
import { createApiKey, listApiKeys, resolveApiKey, revokeApiKey } from './api-keys';
import { beginAddPasskey, finishAddPasskey, listPasskeys, removePasskey } from './passkeys';
import { resolveSession } from './sessions';
import { enrolStaff } from './test-support';
import { listStaffUsers, updateStaffUser } from './users';

let ctx: TestContext;
beforeEach(async () => {
  ctx = await createTestContext({}, { postgres: true });
});
afterEach(async () => ctx.dispose());

describe('passkeys', () => {
  it('adds a second passkey, removes one, and never the last (LAST_PASSKEY, nothing removed)', async () => {
    const staff = await enrolStaff(ctx, ['uploader']);
    const [first] = await listPasskeys(ctx, staff.user.id);
    await expect(removePasskey(ctx, staff.user.id, first!.id)).rejects.toMatchObject({ code: 'LAST_PASSKEY' });
    expect(await listPasskeys(ctx, staff.user.id)).toHaveLength(1);

    const backup = new SoftAuthenticator({ origin: ctx.config.origin, rpId: ctx.config.rpId });
    const { options } = await beginAddPasskey(ctx, staff.user.id);
    expect(options.excludeCredentials?.map((c) => c.id)).toEqual([first!.id]);
    const added = await finishAddPasskey(ctx, staff.user.id, backup.register(options.challenge), 'YubiKey');
    expect(added.label).toBe('YubiKey');
    expect(await removePasskey(ctx, staff.user.id, first!.id)).toEqual({ removed: first!.id, remaining: 1 });
    await expect(removePasskey(ctx, staff.user.id, added.id)).rejects.toMatchObject({ code: 'LAST_PASSKEY' });
  });

  it('cannot remove another account\'s passkey', async () => {
    const a = await enrolStaff(ctx, ['admin'], 'A');
    const b = await enrolStaff(ctx, ['uploader'], 'B');
    const [bKey] = await listPasskeys(ctx, b.user.id);
    await expect(removePasskey(ctx, a.user.id, bKey!.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await listPasskeys(ctx, b.user.id)).toHaveLength(1);
  });
});

describe('users and roles', () => {
  it('never demotes or disables the last admin (LAST_ADMIN, nothing changed)', async () => {
    const admin = await enrolStaff(ctx, ['admin'], 'Ada');
    await expect(updateStaffUser(ctx, admin.user.id, { roles: ['uploader'] })).rejects.toMatchObject({ code: 'LAST_ADMIN' });
    await expect(updateStaffUser(ctx, admin.user.id, { disabled: true })).rejects.toMatchObject({ code: 'LAST_ADMIN' });
    expect((await listStaffUsers(ctx))[0]).toMatchObject({ roles: ['admin'], disabled: false });

    const other = await enrolStaff(ctx, ['uploader'], 'Bob');
    await updateStaffUser(ctx, other.user.id, { roles: ['uploader', 'admin'] });
    const demoted = await updateStaffUser(ctx, admin.user.id, { roles: ['auditor'] });
    expect(demoted.roles).toEqual(['auditor']);
  });

  it('grants "sees all", refuses unknown roles, and disabling ends the account\'s sessions', async () => {
    await enrolStaff(ctx, ['admin'], 'Ada');
    const up = await enrolStaff(ctx, ['uploader'], 'Uma');
    expect((await updateStaffUser(ctx, up.user.id, { seesAll: true })).seesAll).toBe(true);
    await expect(updateStaffUser(ctx, up.user.id, { roles: ['root'] })).rejects.toMatchObject({ code: 'UNKNOWN_ROLE' });
    await updateStaffUser(ctx, up.user.id, { disabled: true });
    await expect(resolveSession(ctx, up.session.token)).rejects.toMatchObject({ code: 'SESSION_EXPIRED' });
  });
});

describe('API keys', () => {
  it('are shown once, stored hashed, and stop working when revoked or expired', async () => {
    const key = await createApiKey(ctx, { name: 'ci', roles: ['uploader'], expiresAt: new Date(ctx.clock.now().getTime() + 3_600_000) });
    expect(key.key).toMatch(/^sk_[A-Za-z0-9_-]{43}$/);
    const stored = await ctx.db.select().from(schema.apiKeys);
    expect(JSON.stringify(stored)).not.toContain(key.key);
    expect(await resolveApiKey(ctx, key.key)).toMatchObject({ kind: 'api_key', roles: ['uploader'], name: 'ci' });
    expect((await listApiKeys(ctx))[0]).not.toHaveProperty('key');

    ctx.clock.advance(3_600_000);
    await expect(resolveApiKey(ctx, key.key)).rejects.toMatchObject({ code: 'API_KEY_INVALID' });

    const other = await createApiKey(ctx, { name: 'ops', roles: ['auditor'] });
    await revokeApiKey(ctx, other.id);
    await expect(resolveApiKey(ctx, other.key)).rejects.toMatchObject({ code: 'API_KEY_INVALID' });
    await expect(resolveApiKey(ctx, 'sk_guess')).rejects.toMatchObject({ code: 'API_KEY_INVALID' });
    await expect(createApiKey(ctx, { name: 'x', roles: ['superuser'] })).rejects.toMatchObject({ code: 'UNKNOWN_ROLE' });
    expect((await ctx.db.select({ n: count() }).from(schema.apiKeys))[0]!.n).toBe(2);
  });
});

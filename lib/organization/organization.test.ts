import { afterEach, describe, expect, it } from 'vitest';
import { schema } from '@/db/client';
import { createTestContext, type TestContext } from '@/test/support/context';
import { enrolStaff } from '../auth/test-support';
import { staffRegistrationOptions } from '../auth/passkey-registration';
import { x509 } from '../pki/crypto';
import { fromB64u } from '../certificates/certificate-store';
import { createCertificateRequest } from '../certificates/import-certificate';
import { ensurePki } from '../certificates/ensure-pki';
import { listCertificates } from '../certificates/list-certificates';
import { renewLocal } from '../certificates/renew-local';
import type { Actor } from '../auth/actor';
import { getOrganization, relyingPartyName, updateOrganization } from './organization-name';

let ctx: TestContext | undefined;
afterEach(async () => {
  await ctx?.dispose();
  ctx = undefined;
});

async function adminActor(c: TestContext): Promise<Actor> {
  const admin = await enrolStaff(c, ['admin']);
  return { kind: 'staff', id: admin.user.id, name: admin.user.name, roles: ['admin'], sessionId: 'test' };
}

const commonName = (der: string): string | undefined => new x509.X509Certificate(fromB64u(der)).subjectName.getField('CN')[0];

describe('organisation name', () => {
  it('comes from ORGANIZATION_NAME until an administrator sets it; the next certificate carries the new name, the active one keeps its own', async () => {
    ctx = await createTestContext({ ORGANIZATION_NAME: 'Acme Trading' });
    const admin = await adminActor(ctx);
    expect(await getOrganization(ctx)).toEqual({ name: 'Acme Trading', source: 'environment', updatedAt: null });
    const before = await ensurePki(ctx);
    expect(commonName(before.signing.der)).toBe('Acme Trading');

    const saved = await updateOrganization(ctx, admin, { name: '  上海示例贸易有限公司, Ltd.  ' });
    expect(saved).toMatchObject({ name: '上海示例贸易有限公司, Ltd.', source: 'setting', updatedAt: ctx.clock.now() });
    const [row] = await ctx.db.select().from(schema.organizationSettings);
    expect(row?.updatedBy).toBe(admin.kind === 'staff' ? admin.id : 'not staff');
    // Issued certificates are what they are: the active one is unchanged until a renewal.
    expect((await listCertificates(ctx)).active?.id).toBe(before.signing.id);
    expect(commonName((await ensurePki(ctx)).signing.der)).toBe('Acme Trading');

    const renewed = await renewLocal(ctx);
    expect(commonName(renewed.der)).toBe('上海示例贸易有限公司, Ltd.');
    expect(new x509.X509Certificate(fromB64u(renewed.der)).subjectName.getField('O')).toEqual(['上海示例贸易有限公司, Ltd.']);
    const csr = await createCertificateRequest(ctx);
    expect(new x509.Pkcs10CertificateRequest(csr.csrPem).subjectName.getField('CN')).toEqual(['上海示例贸易有限公司, Ltd.']);
  });

  it('names the passkey prompt after the organisation unless RP_NAME is set', async () => {
    ctx = await createTestContext({ ORGANIZATION_NAME: 'Acme Trading' });
    const admin = await adminActor(ctx);
    await updateOrganization(ctx, admin, { name: 'Globex' });
    expect(await relyingPartyName(ctx)).toBe('Globex');
    const options = await staffRegistrationOptions(ctx, { challenge: 'AAAA', webauthnUserId: 'AAAA', name: 'Ada' });
    expect(options.rp.name).toBe('Globex');
    await ctx.dispose();
    ctx = await createTestContext({ ORGANIZATION_NAME: 'Acme Trading', RP_NAME: 'Acme Signing' });
    expect(await relyingPartyName(ctx)).toBe('Acme Signing');
  });

  it('a fresh install with a name set before first start issues its first certificate under it', async () => {
    ctx = await createTestContext({ ORGANIZATION_NAME: 'Env Name' });
    const admin = await adminActor(ctx);
    await updateOrganization(ctx, admin, { name: 'Set Name' });
    expect(commonName((await ensurePki(ctx)).signing.der)).toBe('Set Name');
  });

  it.each([
    ['an empty name', '   '],
    ['more than 64 characters', 'x'.repeat(65)],
    ['a control character', 'Acme\u0000Trading'],
    ['a right-to-left override', 'Acme\u202eTrading'],
  ])('refuses %s with VALIDATION_FAILED and keeps the name', async (_what, name) => {
    ctx = await createTestContext({ ORGANIZATION_NAME: 'Acme Trading' });
    const admin = await adminActor(ctx);
    await updateOrganization(ctx, admin, { name: 'Globex' });
    await expect(updateOrganization(ctx, admin, { name })).rejects.toMatchObject({ code: 'VALIDATION_FAILED', message: expect.stringContaining('name') });
    expect((await getOrganization(ctx)).name).toBe('Globex');
  });
});

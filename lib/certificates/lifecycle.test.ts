import { asc, eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { schema } from '@/db/client';
import { createTestContext, testDatabaseUrl, type TestContext } from '@/test/support/context';
import type { Context } from '../context';
import { isAppError } from '../errors';
import { x509 } from '../pki/crypto';
import { activateCertificate } from './activate-certificate';
import { certificateRow, fromB64u } from './certificate-store';
import { certificateStatus } from './certificate-status';
import { ensurePki } from './ensure-pki';
import { exportChainPem } from './export-chain';
import { listCertificates } from './list-certificates';
import { renewLocal } from './renew-local';
import { revokeCertificate } from './revoke-certificate';
import { testSignature } from './test-signature';
import { issueSigningCertificate } from '../pki/issue-certificate';
import { certificateKey, activeCertificate } from './certificate-store';

const DAY = 86_400_000;
let ctx: TestContext | undefined;
afterEach(async () => {
  await ctx?.dispose();
  ctx = undefined;
});

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    return isAppError(e) ? e.code : `not an AppError: ${String(e)}`;
  }
  return 'no error';
}

describe('certificate status', () => {
  const row = { notBefore: new Date('2026-01-01T00:00:00Z'), notAfter: new Date('2026-12-31T00:00:00Z'), revokedAt: null };
  it.each([
    ['2025-12-31T00:00:00Z', 'not-yet-valid'],
    ['2026-06-01T00:00:00Z', 'valid'],
    ['2026-11-15T00:00:00Z', 'expiring-soon'],
    ['2027-01-01T00:00:00Z', 'expired'],
  ])('at %s is %s', (at, state) => {
    expect(certificateStatus(row, new Date(at), [60, 30, 7, 1]).state).toBe(state);
  });
  it('revoked wins from the revocation time on', () => {
    const revoked = { ...row, revokedAt: new Date('2026-05-01T00:00:00Z') };
    expect(certificateStatus(revoked, new Date('2026-04-30T00:00:00Z'), [60]).state).toBe('valid');
    expect(certificateStatus(revoked, new Date('2026-05-01T00:00:00Z'), [60]).state).toBe('revoked');
  });
});

describe('certificate lifecycle', () => {
  it('lists the active certificate with days left, renews locally, keeps the old one, exports the chain', async () => {
    ctx = await createTestContext({ CERT_VALIDITY_DAYS: '365' });
    const first = await listCertificates(ctx);
    expect(first.selfManaged).toBe(true);
    expect(first.active).toMatchObject({ state: 'valid', daysLeft: 365, recordCount: 0 });
    expect(first.active?.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    ctx.clock.advance(320 * DAY);
    expect((await listCertificates(ctx)).active?.state).toBe('expiring-soon');
    const renewed = await renewLocal(ctx, { expectedActiveId: first.active!.id });
    const after = await listCertificates(ctx);
    expect(after.active?.id).toBe(renewed.id);
    expect(after.active?.daysLeft).toBe(365);
    expect(after.certificates.filter((c) => c.role === 'signing')).toHaveLength(2);
    const pem = await exportChainPem(ctx);
    const chain = x509.PemConverter.decode(pem);
    expect(chain).toHaveLength(2);
    expect(new x509.X509Certificate(chain[0]!).serialNumber.toLowerCase()).toBe(renewed.serial);
  });

  it('test signature signs and verifies with the active certificate; refuses CERT_EXPIRED after expiry', async () => {
    ctx = await createTestContext({ CERT_VALIDITY_DAYS: '2' });
    const ok = await testSignature(ctx);
    expect(ok.checks.filter((c) => !c.ok)).toEqual([]);
    expect(ok.ok).toBe(true);
    ctx.clock.advance(3 * DAY);
    expect(await codeOf(testSignature(ctx))).toBe('CERT_EXPIRED');
  });

  it('revokes with reason and time; a second revocation is refused and changes nothing', async () => {
    ctx = await createTestContext();
    const { signing } = await ensurePki(ctx);
    const at = new Date(ctx.clock.now().getTime() - 60_000);
    const revoked = await revokeCertificate(ctx, signing.id, { reason: 'key compromise', at });
    expect(revoked.revokedAt?.toISOString()).toBe(at.toISOString());
    expect((await listCertificates(ctx)).active?.state).toBe('revoked');
    const events = await ctx.db.select().from(schema.certificateEvents).orderBy(asc(schema.certificateEvents.ledgerIndex));
    expect(events.map((e) => e.event)).toEqual(['issue', 'issue', 'issue', 'revoke']);
    expect(events[3]).toMatchObject({ certificateId: signing.id, revocationReason: 'key compromise', revokedAt: at, ledgerIndex: 3 });
    const leavesBefore = await ctx.db.select().from(schema.ledgerLeaves);
    expect(await codeOf(revokeCertificate(ctx, signing.id, { reason: 'again' }))).toBe('CERT_ALREADY_REVOKED');
    expect(await codeOf(revokeCertificate(ctx, signing.id, { reason: 'later', at: new Date(ctx.clock.now().getTime() + DAY) }))).toBe('VALIDATION_FAILED');
    expect(await codeOf(revokeCertificate(ctx, 'no-such-id', { reason: 'x' }))).toBe('CERT_NOT_FOUND');
    // A refused revocation logs nothing.
    expect(await ctx.db.select().from(schema.ledgerLeaves)).toEqual(leavesBefore);
    expect(await ctx.db.select().from(schema.certificateEvents)).toHaveLength(4);
    const [row] = await ctx.db.select().from(schema.certificates).where(eq(schema.certificates.id, signing.id));
    expect(row?.revocationReason).toBe('key compromise');
    expect(await codeOf(testSignature(ctx))).toBe('CERT_REVOKED');
  });

  async function candidate(c: Context) {
    const root = (await activeCertificate(c, 'root'))!;
    const issued = await issueSigningCertificate({
      caCertificate: fromB64u(root.der),
      caPrivateKey: await certificateKey(c, root),
      organizationName: 'Race',
      now: c.clock.now(),
      validityDays: 30,
      randomBytes: (n) => c.random.bytes(n),
    });
    return certificateRow(c, { role: 'signing', source: 'local', der: issued.certificate, privateKey: issued.privateKey, status: 'inactive' });
  }

  it('two racing activations of different renewals: exactly one wins, the other is CERT_ACTIVATION_CONFLICT (PGlite)', async () => {
    ctx = await createTestContext();
    const { signing } = await ensurePki(ctx);
    const [a, b] = [await candidate(ctx), await candidate(ctx)];
    const results = await Promise.allSettled([activateCertificate(ctx, a, signing.id), activateCertificate(ctx, b, signing.id)]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const lost = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(isAppError(lost.reason) && lost.reason.code).toBe('CERT_ACTIVATION_CONFLICT');
    const active = await ctx.db.select().from(schema.certificates).where(eq(schema.certificates.status, 'active'));
    expect(active.filter((r) => r.role === 'signing')).toHaveLength(1);
    expect(await ctx.db.select().from(schema.certificates)).toHaveLength(4); // root, tsa, old signing, the winner
    // Only the winner's activation is logged, after the three first-start issues.
    const winner = (results.find((r) => r.status === 'fulfilled') as PromiseFulfilledResult<{ id: string }>).value;
    const events = await ctx.db.select().from(schema.certificateEvents).orderBy(asc(schema.certificateEvents.ledgerIndex));
    expect(events.map((e) => [e.ledgerIndex, e.event, e.certificateId])).toEqual([...events.slice(0, 3).map((e, i) => [i, 'issue', e.certificateId]), [3, 'activate', winner.id]]);
    expect(await ctx.db.select().from(schema.ledgerLeaves)).toHaveLength(4);
  });

  it.runIf(testDatabaseUrl())('two instances racing to activate: exactly one wins (PostgreSQL)', async () => {
    ctx = await createTestContext({}, { postgres: true });
    const other = await ctx.openInstance();
    const { signing } = await ensurePki(ctx);
    const [a, b] = [await candidate(ctx), await candidate(other)];
    const results = await Promise.allSettled([activateCertificate(ctx, a, signing.id), activateCertificate(other, b, signing.id)]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const lost = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(isAppError(lost.reason) && lost.reason.code).toBe('CERT_ACTIVATION_CONFLICT');
    const active = await ctx.db.select().from(schema.certificates).where(eq(schema.certificates.role, 'signing'));
    expect(active.filter((r) => r.status === 'active')).toHaveLength(1);
  });
});

/**
 * The per-process signing identity cache: prepared once, dropped on LISTEN/NOTIFY, and never trusted
 * for revocation or retirement — both are re-read at every signing, so another instance's change
 * counts even before (or without) its notification.
 */
import { and, eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { schema } from '@/db/client';
import { createTestContext, testDatabaseUrl, type TestContext } from '@/test/support/context';
import type { Context } from '../context';
import { isAppError } from '../errors';
import { verifyCountersignature } from '../pki/verify-countersignature';
import { assertCanCountersign, countersignRecord } from '../signing/countersign-record';
import type { RecordPayload } from '../signing/record-payload';
import { announceCertificateChange, CERTIFICATE_CHANNEL, onCertificateChange } from './certificate-events';
import { trustedRoots } from './certificate-store';
import { ensurePki } from './ensure-pki';
import { renewLocal } from './renew-local';
import { revokeCertificate } from './revoke-certificate';
import { activeSigningIdentity } from './signing-identity';

let ctx: TestContext | undefined;
afterEach(async () => {
  await ctx?.dispose();
  ctx = undefined;
});

const payload = (recordId: string): RecordPayload => ({
  type: 'signet.countersignature.payload/v1',
  recordId,
  requestId: 'req-1',
  statement: 'I sign contract.pdf',
  assertion: { credentialId: 'cred', clientDataJSON: 'e30', authenticatorData: 'AA', signature: 'AA', userHandle: null },
  credentialPublicKey: 'AA',
  algorithm: -7,
  signer: { id: 'signer-1', name: 'Li Wei', email: null },
  documentSha256: '00'.repeat(32),
  signedAt: '2026-12-03T12:00:00.000Z',
});

async function codeOf(p: Promise<unknown>): Promise<string> {
  return p.then(
    () => 'no error',
    (e: unknown) => (isAppError(e) ? e.code : `not an AppError: ${String(e)}`),
  );
}

/** A countersignature by the cached identity verifies against the organisation's roots. */
async function signsAndVerifies(c: Context, recordId: string): Promise<string> {
  const cs = await countersignRecord(c, payload(recordId), await assertCanCountersign(c));
  const report = await verifyCountersignature({ cms: cs.cms, payload: cs.payload, trustedRoots: await trustedRoots(c), now: c.clock.now() });
  expect(report.checks.filter((x) => !x.ok)).toEqual([]);
  return cs.certificateId;
}

/** Resolves at the next certificate-change notification this database's LISTEN delivers. */
function nextNotification(c: Context): Promise<void> {
  return new Promise((resolve, reject) => void onCertificateChange(c.database, resolve).catch(reject));
}

describe('cached signing identity (PGlite)', () => {
  it('is prepared once and reused; the countersignature still verifies', async () => {
    ctx = await createTestContext();
    const first = await activeSigningIdentity(ctx);
    const second = await activeSigningIdentity(ctx);
    expect(second.countersigner).toBe(first.countersigner);
    expect(second.tsa).toBe(first.tsa);
    expect(await signsAndVerifies(ctx, 'r1')).toBe(first.row.id);
  });

  it('a revocation written straight to the database (no notification, as from another instance) is refused at once', async () => {
    ctx = await createTestContext();
    const { signing } = await ensurePki(ctx);
    const checked = await assertCanCountersign(ctx); // cached, not revoked
    await ctx.db.update(schema.certificates).set({ revokedAt: new Date(ctx.clock.now().getTime() - 1000), revocationReason: 'keyCompromise' }).where(eq(schema.certificates.id, signing.id));
    // Between the check and the signature: the last look before the key signs sees it.
    expect(await codeOf(countersignRecord(ctx, payload('r2'), checked))).toBe('CERT_REVOKED');
    expect(await codeOf(assertCanCountersign(ctx))).toBe('CERT_REVOKED');
    expect((await activeSigningIdentity(ctx)).row.revokedAt).not.toBeNull();
  });

  it('revokeCertificate and renewLocal: refused, then the renewed certificate signs', async () => {
    ctx = await createTestContext();
    const old = await activeSigningIdentity(ctx);
    await revokeCertificate(ctx, old.row.id, { reason: 'keyCompromise' });
    expect(await codeOf(assertCanCountersign(ctx))).toBe('CERT_REVOKED');
    const renewed = await renewLocal(ctx);
    const now = await activeSigningIdentity(ctx);
    expect(now.row.id).toBe(renewed.id);
    expect(now.countersigner).not.toBe(old.countersigner);
    expect(await signsAndVerifies(ctx, 'r3')).toBe(renewed.id);
  });

  it('a certificate retired without a notification (rows changed directly) is replaced, not used', async () => {
    ctx = await createTestContext();
    const original = await activeSigningIdentity(ctx);
    const renewed = await renewLocal(ctx);
    expect((await activeSigningIdentity(ctx)).row.id).toBe(renewed.id);
    // Another instance switches back behind this one's back: retire the renewal, reactivate the original.
    const c = schema.certificates;
    await ctx.db.update(c).set({ status: 'inactive' }).where(eq(c.id, renewed.id));
    await ctx.db.update(c).set({ status: 'active' }).where(and(eq(c.id, original.row.id), eq(c.role, 'signing')));
    expect((await activeSigningIdentity(ctx)).row.id).toBe(original.row.id);
    expect(await signsAndVerifies(ctx, 'r4')).toBe(original.row.id);
  });

  it('a NOTIFY on the certificate channel drops the cache', async () => {
    ctx = await createTestContext();
    const before = await activeSigningIdentity(ctx);
    const heard = nextNotification(ctx);
    await ctx.database.notify(CERTIFICATE_CHANNEL, 'elsewhere');
    await heard;
    const after = await activeSigningIdentity(ctx);
    expect(after.row.id).toBe(before.row.id);
    expect(after.countersigner).not.toBe(before.countersigner);
  });
});

describe.runIf(testDatabaseUrl())('cached signing identity across instances (PostgreSQL)', () => {
  it('instance B revokes: A refuses at its next signing, before any notification; B renews: A signs with the new certificate', async () => {
    ctx = await createTestContext({}, { postgres: true });
    const a = ctx;
    const b = await ctx.openInstance();
    const cached = await activeSigningIdentity(a);
    expect(await signsAndVerifies(a, 'p1')).toBe(cached.row.id);

    await revokeCertificate(b, cached.row.id, { reason: 'keyCompromise' });
    expect(await codeOf(assertCanCountersign(a))).toBe('CERT_REVOKED');

    const renewed = await renewLocal(b);
    expect(await signsAndVerifies(a, 'p2')).toBe(renewed.id);
  });

  it("B's announcement reaches A over NOTIFY and drops A's cache", async () => {
    ctx = await createTestContext({}, { postgres: true });
    const a = ctx;
    const b = await ctx.openInstance();
    const before = await activeSigningIdentity(a);
    const heard = nextNotification(a);
    await announceCertificateChange(b, before.row.id);
    await heard;
    expect((await activeSigningIdentity(a)).countersigner).not.toBe(before.countersigner);
  });
});

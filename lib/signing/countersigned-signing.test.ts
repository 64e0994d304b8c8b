import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { schema } from '@/db/client';
import { createTestContext, TEST_ORIGIN, TEST_RP_ID, uploadAndRequest, type TestContext } from '@/test/support/context';
import { SoftAuthenticator } from '@/test/support/soft-authenticator';
import { activeCertificate, fromB64u, trustedRoots } from '../certificates/certificate-store';
import { ensurePki } from '../certificates/ensure-pki';
import { renewLocal } from '../certificates/renew-local';
import { isAppError } from '../errors';
import { verifyCountersignature } from '../pki/verify-countersignature';
import { beginSigning } from './begin-signing';
import { completeSigning } from './complete-signing';
import { finishRegistration } from './finish-registration';

const meta = { ip: null, userAgent: 'vitest' };
const DAY = 86_400_000;

let ctx: TestContext | undefined;
afterEach(async () => {
  await ctx?.dispose();
  ctx = undefined;
});

/** A request with a registered passkey and a fresh signing assertion, ready to complete. */
async function readyToSign(c: TestContext) {
  const { token, request } = await uploadAndRequest(c);
  const auth = new SoftAuthenticator({ origin: TEST_ORIGIN, rpId: TEST_RP_ID });
  const reg = await beginSigning(c, token);
  await finishRegistration(c, token, auth.register(reg.options.challenge));
  const begin = await beginSigning(c, token);
  if (begin.kind !== 'signing') throw new Error('expected a signing challenge');
  return { token, request, auth, assertion: auth.assert(begin.options.challenge), challenge: begin.options.challenge };
}

async function refusal(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    return isAppError(e) ? e.code : `not an AppError: ${String(e)}`;
  }
  return 'no error';
}

/** Nothing was recorded for the request and it still awaits a signature. */
async function expectUntouched(c: TestContext, requestId: string, challenge: string): Promise<void> {
  const [req] = await c.db.select().from(schema.signingRequests).where(eq(schema.signingRequests.id, requestId));
  expect(['pending', 'opened']).toContain(req?.status);
  expect(await c.db.select().from(schema.signatureRecords)).toHaveLength(0);
  expect(await c.db.select().from(schema.recordCountersignatures)).toHaveLength(0);
  // Certificate lifecycle leaves (issue, revoke) may precede; no signature leaf may exist.
  expect(await c.db.select().from(schema.ledgerLeaves).where(eq(schema.ledgerLeaves.kind, 'signature'))).toHaveLength(0);
  const [ch] = await c.db.select().from(schema.challenges).where(eq(schema.challenges.challenge, challenge));
  expect(ch?.usedAt).toBeNull();
}

describe('completeSigning countersigns and timestamps every record', () => {
  it('stores payload, CMS and timestamp with the record; the CMS verifies against the root at genTime', async () => {
    ctx = await createTestContext();
    const { token, assertion } = await readyToSign(ctx);
    const signed = await completeSigning(ctx, token, assertion, meta);
    const [cs] = await ctx.db.select().from(schema.recordCountersignatures).where(eq(schema.recordCountersignatures.recordId, signed.recordId));
    expect(cs).toBeDefined();
    const payload = JSON.parse(Buffer.from(cs!.payload, 'base64url').toString('utf8'));
    expect(payload).toMatchObject({ type: 'signet.countersignature.payload/v1', recordId: signed.recordId, signedAt: signed.signedAt });
    expect(payload.assertion.signature).toBe(assertion.response.signature);
    expect(cs!.genTime.toISOString()).toBe(ctx.clock.now().toISOString());
    const report = await verifyCountersignature({ cms: fromB64u(cs!.cms), payload: fromB64u(cs!.payload), trustedRoots: await trustedRoots(ctx), now: ctx.clock.now() });
    expect(report.checks.filter((c) => !c.ok)).toEqual([]);
  });

  it('refuses CERT_EXPIRED, keeps everything, and the same request signs after a local renewal', async () => {
    ctx = await createTestContext({ CERT_VALIDITY_DAYS: '1', REQUEST_TTL_HOURS: '72' });
    const { signing } = await ensurePki(ctx);
    const { token, request, auth, assertion, challenge } = await readyToSign(ctx);
    ctx.clock.set(new Date(signing.notAfter.getTime() + 1000));
    expect(await refusal(completeSigning(ctx, token, assertion, meta))).toBe('CERT_EXPIRED');
    await expectUntouched(ctx, request.id, challenge);
    const renewed = await renewLocal(ctx);
    expect(renewed.id).not.toBe(signing.id);
    // A fresh ceremony on the same request (the first challenge is older than 5 minutes by now).
    const begin = await beginSigning(ctx, token);
    if (begin.kind !== 'signing') throw new Error('expected a signing challenge');
    const signed = await completeSigning(ctx, token, auth.assert(begin.options.challenge), meta);
    const [cs] = await ctx.db.select().from(schema.recordCountersignatures).where(eq(schema.recordCountersignatures.recordId, signed.recordId));
    expect(cs?.certificateId).toBe(renewed.id);
    // The expired certificate stays, inactive, for verification.
    const [old] = await ctx.db.select().from(schema.certificates).where(eq(schema.certificates.id, signing.id));
    expect(old?.status).toBe('inactive');
  });

  it('refuses CERT_NOT_YET_VALID before notBefore and CERT_REVOKED after revocation, nothing changed', async () => {
    ctx = await createTestContext();
    const { signing } = await ensurePki(ctx);
    const { token, request, assertion, challenge } = await readyToSign(ctx);
    ctx.clock.set(new Date(signing.notBefore.getTime() - DAY));
    // The challenge was issued later than this clock; move back only far enough for the certificate.
    expect(await refusal(completeSigning(ctx, token, assertion, meta))).toBe('CERT_NOT_YET_VALID');
    await expectUntouched(ctx, request.id, challenge);
    ctx.clock.set(new Date(signing.notBefore.getTime() + 2 * 60_000));
    await ctx.db.update(schema.certificates).set({ revokedAt: new Date(signing.notBefore.getTime() + 60_000), revocationReason: 'keyCompromise' }).where(eq(schema.certificates.id, signing.id));
    expect(await refusal(completeSigning(ctx, token, assertion, meta))).toBe('CERT_REVOKED');
    await expectUntouched(ctx, request.id, challenge);
    await renewLocal(ctx);
    const signed = await completeSigning(ctx, token, assertion, meta);
    const [cs] = await ctx.db.select().from(schema.recordCountersignatures).where(eq(schema.recordCountersignatures.recordId, signed.recordId));
    expect(cs?.certificateId).toBe((await activeCertificate(ctx, 'signing'))?.id);
  });

  it('refuses TSA_UNAVAILABLE when the TSA does not answer, gives the challenge back, and nothing is stored', async () => {
    ctx = await createTestContext({ TSA_URL: 'http://127.0.0.1:9/tsr' });
    const { token, request, assertion, challenge } = await readyToSign(ctx);
    expect(await refusal(completeSigning(ctx, token, assertion, meta))).toBe('TSA_UNAVAILABLE');
    await expectUntouched(ctx, request.id, challenge);
  });
});

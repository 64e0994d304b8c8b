import { eq, inArray, sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { schema } from '@/db/client';
import { createTestContext, testDatabaseUrl, TEST_ORIGIN, TEST_RP_ID, uploadAndRequest, type TestContext } from '@/test/support/context';
import { SoftAuthenticator } from '@/test/support/soft-authenticator';
import { ensurePki } from '../certificates/ensure-pki';
import { renewLocal } from '../certificates/renew-local';
import { revokeCertificate } from '../certificates/revoke-certificate';
import type { Context } from '../context';
import { isAppError } from '../errors';
import { beginSigning } from './begin-signing';
import { completeSigning } from './complete-signing';
import { assertCanCountersign, countersignRecord } from './countersign-record';
import { finishRegistration } from './finish-registration';
import { recordSignings } from './record-signings';
import { findSignableRequest } from './resolve-token';
import { payloadOf, type SignedRecord } from './signed-record';
import { verifySigning } from './verify-signing';

const meta = { ip: null, userAgent: 'vitest' };

let ctx: TestContext | undefined;
afterEach(async () => {
  await ctx?.dispose();
  ctx = undefined;
});

interface Ready {
  token: string;
  requestId: string;
  passkey: SoftAuthenticator;
  challenge: string;
  assertion: ReturnType<SoftAuthenticator['assert']>;
}

/** `n` requests, each with a registered passkey and a signing assertion ready to send. */
async function readyToSign(c: Context, n: number): Promise<Ready[]> {
  const out: Ready[] = [];
  for (let i = 0; i < n; i++) {
    const { token, request } = await uploadAndRequest(c, `%PDF-1.4 batch ${i}`);
    const passkey = new SoftAuthenticator({ origin: TEST_ORIGIN, rpId: TEST_RP_ID });
    const reg = await beginSigning(c, token);
    await finishRegistration(c, token, passkey.register(reg.options.challenge));
    out.push({ token, requestId: request.id, passkey, ...(await assertionFor(c, token, passkey)) });
  }
  return out;
}

async function assertionFor(c: Context, token: string, passkey: SoftAuthenticator): Promise<{ challenge: string; assertion: ReturnType<SoftAuthenticator['assert']> }> {
  const begin = await beginSigning(c, token);
  if (begin.kind !== 'signing') throw new Error('expected a signing challenge');
  return { challenge: begin.options.challenge, assertion: passkey.assert(begin.options.challenge) };
}

/** The verify and countersign stages for one assertion: a record ready for the record stage. */
async function countersigned(c: Context, token: string, assertion: Ready['assertion']): Promise<SignedRecord> {
  const request = await findSignableRequest(c, token);
  const identity = await assertCanCountersign(c);
  const verified = await verifySigning(c, request, assertion, meta);
  return { ...verified, countersignature: await countersignRecord(c, payloadOf(verified), identity) };
}

const codeOf = (e: unknown): string => (isAppError(e) ? e.code : `not an AppError: ${String(e)}`);

async function signatureLeaves(c: Context): Promise<number> {
  return (await c.db.select().from(schema.ledgerLeaves).where(eq(schema.ledgerLeaves.kind, 'signature'))).length;
}

/** No record, countersignature or leaf exists for these requests, and their challenges are unused. */
async function expectNothingRecorded(c: Context, ready: Ready[]): Promise<void> {
  const ids = ready.map((r) => r.requestId);
  expect(await c.db.select().from(schema.signatureRecords).where(inArray(schema.signatureRecords.requestId, ids))).toHaveLength(0);
  const requests = await c.db.select().from(schema.signingRequests).where(inArray(schema.signingRequests.id, ids));
  for (const r of requests) expect(['pending', 'opened']).toContain(r.status);
  const challenges = await c.db.select().from(schema.challenges).where(inArray(schema.challenges.challenge, ready.map((r) => r.challenge)));
  expect(challenges.map((ch) => ch.usedAt)).toEqual(ready.map(() => null));
}

const DATABASES = testDatabaseUrl() ? (['pglite', 'postgres'] as const) : (['pglite'] as const);

describe.each(DATABASES)('the record stage commits signings in groups (%s)', (kind) => {
  const open = (): Promise<TestContext> => createTestContext({}, { postgres: kind === 'postgres' });
  it('writes a batch in one transaction under one checkpoint, with consecutive indexes', async () => {
    ctx = await open();
    const ready = await readyToSign(ctx, 3);
    const records = [];
    for (const r of ready) records.push(await countersigned(ctx, r.token, r.assertion));
    const checkpointsBefore = (await ctx.db.select().from(schema.ledgerCheckpoints)).length;
    const outcomes = await recordSignings(ctx, records);
    const refs = outcomes.map((o) => (o.ok ? o.value : codeOf(o.error)));
    expect(refs.map((r) => (typeof r === 'string' ? r : r.requestId))).toEqual(ready.map((r) => r.requestId));
    const indexes = refs.map((r) => (typeof r === 'string' ? -1 : r.ledgerIndex));
    expect(indexes).toEqual([indexes[0]!, indexes[0]! + 1, indexes[0]! + 2]);
    expect((await ctx.db.select().from(schema.ledgerCheckpoints)).length).toBe(checkpointsBefore + 1);
    expect(await ctx.db.select().from(schema.recordCountersignatures)).toHaveLength(3);
  });

  it('one signing of a concurrent group fails verification: it gets SIGNATURE_INVALID, the others commit', async () => {
    ctx = await open();
    const ready = await readyToSign(ctx, 4);
    const bad = ready[2]!;
    const sig = Buffer.from(bad.assertion.response.signature, 'base64url');
    sig[sig.length - 1] = (sig[sig.length - 1] as number) ^ 0x01;
    const tampered = { ...bad.assertion, response: { ...bad.assertion.response, signature: sig.toString('base64url') } };
    const c = ctx;
    const settled = await Promise.allSettled(ready.map((r) => completeSigning(c, r.token, r === bad ? tampered : r.assertion, meta)));
    expect(settled.map((s) => (s.status === 'fulfilled' ? 'signed' : codeOf(s.reason)))).toEqual(['signed', 'signed', 'SIGNATURE_INVALID', 'signed']);
    const indexes = settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value.ledgerIndex] : [])).sort((a, b) => a - b);
    expect(indexes).toEqual([indexes[0]!, indexes[0]! + 1, indexes[0]! + 2]);
    expect(await ctx.db.select().from(schema.signatureRecords).where(eq(schema.signatureRecords.requestId, bad.requestId))).toHaveLength(0);
    expect(await signatureLeaves(ctx)).toBe(3);
  });

  it('a record refused inside the batch (its request signed by an earlier record of the same batch) fails alone', async () => {
    ctx = await open();
    const [r] = await readyToSign(ctx, 1);
    const first = await countersigned(ctx, r!.token, r!.assertion);
    const again = await assertionFor(ctx, r!.token, r!.passkey);
    const second = await countersigned(ctx, r!.token, again.assertion);
    const outcomes = await recordSignings(ctx, [first, second]);
    expect(outcomes.map((o) => (o.ok ? 'signed' : codeOf(o.error)))).toEqual(['signed', 'REQUEST_ALREADY_SIGNED']);
    expect(await ctx.db.select().from(schema.signatureRecords)).toHaveLength(1);
    expect(await signatureLeaves(ctx)).toBe(1);
    const [cred] = await ctx.db.select().from(schema.credentials).where(eq(schema.credentials.id, r!.assertion.id));
    expect(cred?.counter).toBe(first.authenticator.newCounter);
  });

  it('a commit that fails fails every caller of its batch: no 201, nothing recorded, the challenges reusable', async () => {
    ctx = await open();
    const ready = await readyToSign(ctx, 3);
    // Raised at COMMIT (a deferred constraint trigger, PostgreSQL CREATE CONSTRAINT TRIGGER), after every statement of the batch succeeded.
    await ctx.db.execute(sql.raw(`CREATE FUNCTION test_refuse_commit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'commit refused by the test'; END $$`));
    await ctx.db.execute(sql.raw(`CREATE CONSTRAINT TRIGGER test_refuse_commit AFTER INSERT ON signature_records DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION test_refuse_commit()`));
    const c = ctx;
    const settled = await Promise.allSettled(ready.map((r) => completeSigning(c, r.token, r.assertion, meta)));
    expect(settled.map((s) => s.status)).toEqual(['rejected', 'rejected', 'rejected']);
    for (const s of settled) expect(String((s as PromiseRejectedResult).reason?.cause?.message ?? (s as PromiseRejectedResult).reason)).toMatch(/commit refused by the test/);
    await expectNothingRecorded(ctx, ready);
    expect(await signatureLeaves(ctx)).toBe(0);
    expect(await ctx.db.select().from(schema.recordCountersignatures)).toHaveLength(0);

    await ctx.db.execute(sql.raw('DROP TRIGGER test_refuse_commit ON signature_records'));
    const again = await Promise.all(ready.map((r) => completeSigning(c, r.token, r.assertion, meta)));
    expect(again.map((s) => s.requestSigned)).toEqual([true, true, true]);
    expect(await signatureLeaves(ctx)).toBe(3);
  });

  it('a certificate revoked after a record was countersigned: the record stage refuses CERT_REVOKED, gives the challenge back; so does the next signing', async () => {
    ctx = await open();
    const { signing } = await ensurePki(ctx);
    const ready = await readyToSign(ctx, 3);
    const c = ctx;
    const before = await completeSigning(c, ready[0]!.token, ready[0]!.assertion, meta);
    const pending = await countersigned(ctx, ready[1]!.token, ready[1]!.assertion);
    await revokeCertificate(ctx, signing.id, { reason: 'keyCompromise' });
    const [outcome] = await recordSignings(ctx, [pending]);
    expect(outcome?.ok ? 'signed' : codeOf(outcome?.error)).toBe('CERT_REVOKED');
    await expect(completeSigning(c, ready[2]!.token, ready[2]!.assertion, meta)).rejects.toMatchObject({ code: 'CERT_REVOKED' });
    await expectNothingRecorded(ctx, ready.slice(1));
    expect(await signatureLeaves(ctx)).toBe(1);
    expect(before.requestSigned).toBe(true);

    await renewLocal(ctx);
    const after = await Promise.all(ready.slice(1).map((r) => completeSigning(c, r.token, r.assertion, meta)));
    expect(after.map((s) => s.requestSigned)).toEqual([true, true]);
  });
});

import { eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '@/db/client';
import { AppError, type ErrorCode } from '@/lib/errors';
import type { EvidenceBundle, EvidenceBundleV2 } from '@/lib/evidence/evidence-format';
import { getEvidence } from '@/lib/evidence/get-evidence';
import { verifyAnyBundle } from '@/lib/evidence/verify-evidence-v2';
import { hashLeaf } from '@/lib/ledger/merkle-hash';
import { createTestContext, testDatabaseUrl, upload, type TestContext } from '@/test/support/context';
import { challengeFor, meta, newPasskey, register, requestSigners, signAs } from '@/test/support/multi-signer';
import { beginSigning } from './begin-signing';
import { completeSigning } from './complete-signing';
import { createSigningRequest } from './create-signing-request';
import { declineSigning } from './decline-signing';
import { getCeremony } from './get-ceremony';
import { getSigningRequest } from './get-signing-request';
import { subscribeRequestChanged } from './request-events';

async function refused(call: Promise<unknown>, code: ErrorCode): Promise<AppError> {
  try {
    const outcome = await call;
    throw new Error(`expected ${code}, the call succeeded with ${JSON.stringify(outcome)?.slice(0, 200)}`);
  } catch (e) {
    if (!(e instanceof AppError)) throw e;
    expect(e.code, e.message).toBe(code);
    return e;
  }
}

/** The rows a refusal must leave alone. */
async function state(ctx: TestContext) {
  return {
    requests: await ctx.db.select().from(schema.signingRequests).orderBy(schema.signingRequests.id),
    slots: await ctx.db.select().from(schema.requestSigners).orderBy(schema.requestSigners.id),
    records: await ctx.db.select({ id: schema.signatureRecords.id }).from(schema.signatureRecords).orderBy(schema.signatureRecords.id),
    signers: await ctx.db.select({ id: schema.signers.id }).from(schema.signers).orderBy(schema.signers.id),
    credentials: await ctx.db.select({ id: schema.credentials.id, counter: schema.credentials.counter }).from(schema.credentials).orderBy(schema.credentials.id),
  };
}

const completions = (ctx: TestContext, requestId: string) =>
  ctx.db.select().from(schema.operations).where(eq(schema.operations.targetId, requestId)).then((ops) => ops.filter((o) => o.action === 'request.complete'));

const leafHex = (b: EvidenceBundle) => Buffer.from(hashLeaf(Buffer.from(b.ledger!.leafData, 'base64url'))).toString('hex');

for (const postgres of [false, true]) {
  const backend = postgres && testDatabaseUrl() ? 'PostgreSQL' : 'PGlite';
  describe(`several signers (${backend})`, () => {
    let ctx: TestContext;
    beforeAll(async () => {
      ctx = await createTestContext({}, { postgres });
    });
    afterAll(async () => ctx.dispose());

    it('three in sequence: each waits for the one before, statements chain the ledger leaves, the request is signed once', async () => {
      const made = await requestSigners(ctx, ['Ada', 'Grace', 'Linus']);
      expect(made.signers.map((s) => [s.name, s.step, s.status])).toEqual([['Ada', 1, 'pending'], ['Grace', 2, 'pending'], ['Linus', 3, 'pending']]);
      expect(new Set(made.signers.map((s) => s.token)).size).toBe(3);
      expect(made.token).toBe(made.signers[0]!.token);
      const view0 = made.request;
      expect(view0.signers.map((s) => s.matchingCode)).toHaveLength(3);
      expect(new Set(view0.signers.map((s) => s.matchingCode)).size).toBe(3);
      expect(view0.currentStep).toBe(1);
      const [ada, grace, linus] = made.signers.map((s) => s.token) as [string, string, string];
      const keys = [newPasskey(), newPasskey(), newPasskey()] as const;

      const early = await getCeremony(ctx, linus);
      expect(early.waitingFor).toEqual(['Ada', 'Grace']);
      expect(early.step).toBe(3);
      expect(early.status).toBe('opened');

      // Later steps are refused before anything is registered or recorded.
      const before = await state(ctx);
      await refused(beginSigning(ctx, grace), 'SIGNER_NOT_YET');
      await refused(declineSigning(ctx, grace, 'too early'), 'SIGNER_NOT_YET');
      const after = await state(ctx);
      expect(after.records).toEqual(before.records);
      expect(after.credentials).toEqual(before.credentials);
      expect(after.slots.filter((s) => s.requestId === made.request.id).map((s) => s.status)).toEqual(
        before.slots.filter((s) => s.requestId === made.request.id).map((s) => s.status),
      );

      const changes: string[] = [];
      const unsubscribe = await subscribeRequestChanged(ctx.database, made.request.id, () => changes.push('x'));
      const first = await signAs(ctx, ada, keys[0]);
      const mid = await getSigningRequest(ctx, made.request.id);
      expect(mid.status).toBe('opened');
      expect(mid.currentStep).toBe(2);
      expect(mid.signers.map((s) => s.status)).toEqual(['signed', 'pending', 'opened']);
      expect((await getCeremony(ctx, linus)).waitingFor).toEqual(['Grace']);
      expect((await getCeremony(ctx, ada)).status).toBe('signed');

      // Grace's passkey registered before her turn is refused too: her link is not signable yet.
      await register(ctx, grace, keys[1]);
      const { statement: graceStatement, challenge } = await challengeFor(ctx, grace);
      expect(graceStatement.startsWith('signet.statement/v2\n')).toBe(true);
      expect(graceStatement).toContain(`\ndocument-sha256:${made.document.sha256}\n`);
      expect(graceStatement).toContain('\nstep:2\n');
      const [firstLeaf] = await ctx.db.select().from(schema.ledgerLeaves).where(eq(schema.ledgerLeaves.recordId, first.recordId));
      const firstHash = Buffer.from(hashLeaf(Buffer.from(firstLeaf!.data, 'base64url'))).toString('hex');
      expect(graceStatement).toContain(`\nprior-leaves:${firstHash}\n`);
      await completeSigning(ctx, grace, keys[1].assert(challenge), meta);
      expect(await completions(ctx, made.request.id)).toHaveLength(0);

      const last = await signAs(ctx, linus, keys[2]);
      const done = await getSigningRequest(ctx, made.request.id);
      expect(done.status).toBe('signed');
      expect(done.currentStep).toBeNull();
      expect(done.signers.every((s) => s.status === 'signed' && s.recordId && s.ledgerIndex !== null)).toBe(true);
      expect(done.recordId).toBe(last.recordId);
      expect(await completions(ctx, made.request.id)).toHaveLength(1);
      await refused(beginSigning(ctx, linus), 'REQUEST_ALREADY_SIGNED');
      await new Promise((r) => setTimeout(r, 50));
      expect(changes.length).toBeGreaterThanOrEqual(3);
      unsubscribe();

      const bundle = (await getEvidence(ctx, first.recordId)) as EvidenceBundleV2;
      expect(bundle.version).toBe('signet.evidence/v2');
      expect(bundle.signatures.map((s) => s.record.signer.displayName)).toEqual(['Ada', 'Grace', 'Linus']);
      expect(bundle.request.signers.map((s) => s.step)).toEqual([1, 2, 3]);
      expect(await getEvidence(ctx, last.recordId)).toEqual(bundle);
      const json = JSON.parse(JSON.stringify(bundle)) as EvidenceBundleV2;
      const report = await verifyAnyBundle(json, { documentSha256: made.document.sha256 });
      expect(report.checks.filter((c) => !c.ok)).toEqual([]);
      expect(report.ok).toBe(true);
      const third = Buffer.from(json.signatures[2]!.statement, 'base64url').toString();
      expect(third).toContain(`\nprior-leaves:${leafHex(json.signatures[0]!)},${leafHex(json.signatures[1]!)}\n`);

      const swapped = { ...json, signatures: [json.signatures[1], json.signatures[0], json.signatures[2]] };
      const bad1 = await verifyAnyBundle(swapped);
      expect(bad1.ok).toBe(false);
      expect(bad1.checks.filter((c) => !c.ok).map((c) => c.name)).toContain('signature 1 (Grace): signing order');
      const removed = { ...json, signatures: [json.signatures[0], json.signatures[2]] };
      const bad2 = await verifyAnyBundle(removed);
      expect(bad2.ok).toBe(false);
      expect(bad2.checks.filter((c) => !c.ok).map((c) => c.name)).toEqual(expect.arrayContaining(['signature 2 (Linus): signing order', 'every signer signed']));
      const lastRemoved = await verifyAnyBundle({ ...json, signatures: json.signatures.slice(0, 2) });
      expect(lastRemoved.checks.filter((c) => !c.ok).map((c) => c.name)).toEqual(['every signer signed']);
      const reStepped = await verifyAnyBundle({ ...json, request: { ...json.request, signers: json.request.signers.map((s) => ({ ...s, step: 1 })) } });
      expect(reStepped.checks.filter((c) => !c.ok).map((c) => c.name)).toContain('signature 1 (Ada): statement commits to the roster');
    });

    it('two parallel signers of one step signing at the same moment: both recorded, the request signed exactly once', async () => {
      const made = await requestSigners(ctx, ['Ada', 'Grace'], 'parallel');
      expect(made.signers.map((s) => s.step)).toEqual([1, 1]);
      const [a, g] = made.signers.map((s) => s.token) as [string, string];
      const ka = newPasskey();
      const kg = newPasskey();
      await register(ctx, a, ka);
      await register(ctx, g, kg);
      const ca = await challengeFor(ctx, a);
      const cg = await challengeFor(ctx, g);
      expect(ca.statement).toContain('\nprior-leaves:none\n');
      const changes: string[] = [];
      const unsubscribe = await subscribeRequestChanged(ctx.database, made.request.id, () => changes.push('x'));
      const results = await Promise.all([completeSigning(ctx, a, ka.assert(ca.challenge), meta), completeSigning(ctx, g, kg.assert(cg.challenge), meta)]);
      expect(new Set(results.map((r) => r.recordId)).size).toBe(2);
      const view = await getSigningRequest(ctx, made.request.id);
      expect(view.status).toBe('signed');
      expect(view.signers.map((s) => s.status)).toEqual(['signed', 'signed']);
      const records = await ctx.db.select().from(schema.signatureRecords).where(eq(schema.signatureRecords.requestId, made.request.id));
      expect(records).toHaveLength(2);
      expect(await completions(ctx, made.request.id)).toHaveLength(1);
      await new Promise((r) => setTimeout(r, 50));
      unsubscribe();
      expect(changes.length).toBeGreaterThanOrEqual(2);
      const report = await verifyAnyBundle(JSON.parse(JSON.stringify(await getEvidence(ctx, results[0].recordId))));
      expect(report.checks.filter((c) => !c.ok)).toEqual([]);
    });

    it('one decline ends the request for everyone, with who and why', async () => {
      const made = await requestSigners(ctx, ['Ada', 'Grace', 'Linus'], 'parallel');
      const [a, g, l] = made.signers.map((s) => s.token) as [string, string, string];
      await signAs(ctx, a, newPasskey());
      await declineSigning(ctx, g, 'Clause 4 is wrong');
      const view = await getSigningRequest(ctx, made.request.id);
      expect(view.status).toBe('declined');
      expect(view.declineReason).toBe('Clause 4 is wrong');
      expect(view.signers.map((s) => [s.displayName, s.status])).toEqual([['Ada', 'signed'], ['Grace', 'declined'], ['Linus', 'pending']]);
      expect(view.signers[1]!.declineReason).toBe('Clause 4 is wrong');
      await refused(beginSigning(ctx, l), 'REQUEST_DECLINED');
      await refused(declineSigning(ctx, l, null), 'REQUEST_DECLINED');
    });
  });
}

describe('several signers: bad input', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext();
  });
  afterAll(async () => ctx.dispose());

  const base = async () => ({ documentId: (await upload(ctx, `%PDF-1.4 bad ${Math.random()}`)).id, title: 'T', documentType: 'contract' });
  const person = (i: number) => ({ name: `Signer ${i}`, email: `s${i}@example.com` });

  it.each([
    ['an empty list', { signers: [] }, /empty list/],
    ['more than 20 signers', { signers: Array.from({ length: 21 }, (_, i) => person(i)) }, /at most 20 signers, got 21/],
    ['the same signer twice', { signers: [person(1), { ...person(1), email: 'S1@Example.com ' }] }, /signers 1 and 2 are both s1@example.com/],
    ['a later step before an earlier one', { signers: [{ ...person(1), step: 1 }, { ...person(2), step: 2 }, { ...person(3), step: 1 }] }, /signer 3 \(step 1\) comes after a signer of step 2/],
    ['a first signer not in step 1', { signers: [{ ...person(1), step: 2 }, { ...person(2), step: 2 }] }, /signer 1 has step 2 after step 0/],
    ['a gap in the steps', { signers: [{ ...person(1), step: 1 }, { ...person(2), step: 3 }] }, /without gaps/],
    ['a step for some signers only', { signers: [{ ...person(1), step: 1 }, person(2)] }, /a "step" for every signer/],
    ['both order and steps', { signers: [{ ...person(1), step: 1 }], order: 'parallel' as const }, /either "order" or a "step"/],
    ['both signers and signerName', { signers: [person(1)], signerName: 'Ada' }, /either "signers" or "signerName"/],
    ['neither', {}, /"signers" \(1 to 20\) or a "signerName"/],
  ])('refuses %s with SIGNERS_INVALID and creates nothing', async (_label, input, message) => {
    const body = { ...(await base()), ...input };
    const before = await state(ctx);
    const e = await refused(createSigningRequest(ctx, body), 'SIGNERS_INVALID');
    expect(e.message).toMatch(message);
    expect(await state(ctx)).toEqual(before);
  });

  it('20 signers are accepted; one signer through `signers` keeps v1 evidence', async () => {
    const many = await createSigningRequest(ctx, { ...(await base()), signers: Array.from({ length: 20 }, (_, i) => person(100 + i)), order: 'parallel' });
    expect(many.signers).toHaveLength(20);
    const one = await createSigningRequest(ctx, { ...(await base()), signers: [person(200)] });
    expect(one.signers).toHaveLength(1);
    expect(one.signers[0]!.id).toBe(one.request.id);
    const signed = await signAs(ctx, one.token, newPasskey());
    const bundle = await getEvidence(ctx, signed.recordId);
    expect(bundle.version).toBe('signet.evidence/v1');
    expect(Buffer.from((bundle as EvidenceBundle).statement, 'base64url').toString().startsWith('signet.statement/v1\n')).toBe(true);
    expect((await verifyAnyBundle(JSON.parse(JSON.stringify(bundle)))).ok).toBe(true);
  });

  it("a signer signing with another signer's passkey, or another signer's challenge, is refused and nothing is recorded", async () => {
    const made = await requestSigners(ctx, ['Ada', 'Grace'], 'parallel');
    const [a, g] = made.signers.map((s) => s.token) as [string, string];
    const ka = newPasskey();
    const kg = newPasskey();
    await register(ctx, a, ka);
    await register(ctx, g, kg);
    const ca = await challengeFor(ctx, a);
    const cg = await challengeFor(ctx, g);
    const before = await state(ctx);
    // Grace's link, Ada's passkey over Grace's challenge.
    await refused(completeSigning(ctx, g, ka.assert(cg.challenge), meta), 'CREDENTIAL_UNKNOWN');
    // Grace's link, her own passkey, but over the challenge issued to Ada.
    await refused(completeSigning(ctx, g, kg.assert(ca.challenge), meta), 'CHALLENGE_OTHER_REQUEST');
    const after = await state(ctx);
    expect(after.records).toEqual(before.records);
    expect(after.credentials).toEqual(before.credentials);
    expect(after.slots).toEqual(before.slots);
    const rows = await ctx.db.select().from(schema.requestSigners).where(inArray(schema.requestSigners.requestId, [made.request.id]));
    expect(rows.every((r) => r.status !== 'signed')).toBe(true);
  });
});

describe('a returning signer on a new device', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext();
  });
  afterAll(async () => ctx.dispose());

  it('gets allowCredentials with the stored transports plus hybrid, so the browser offers a passkey from another device', async () => {
    const first = await requestSigners(ctx, ['Ada']);
    const key = newPasskey();
    await signAs(ctx, first.token, key);
    await ctx.db.update(schema.credentials).set({ transports: ['internal'] }).where(eq(schema.credentials.id, key.id));
    const again = await createSigningRequest(ctx, {
      documentId: first.document.id,
      title: 'Renewal',
      documentType: 'contract',
      signers: [{ name: 'Ada', email: first.request.signers[0]!.email }],
    });
    const begin = await beginSigning(ctx, again.token);
    if (begin.kind !== 'signing') throw new Error('expected a signing challenge for a signer with a passkey');
    expect(begin.options.allowCredentials).toEqual([{ id: key.id, type: 'public-key', transports: ['internal', 'hybrid'] }]);
    expect(begin.options.userVerification).toBe('required');
  });
});

describe('no second passkey for a signer, silently', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext();
  });
  afterAll(async () => ctx.dispose());

  it('a registration challenge fetched twice registers one passkey; the second is refused with NEW_PASSKEY_NOT_ALLOWED', async () => {
    const made = await requestSigners(ctx, ['Ada']);
    const first = await beginSigning(ctx, made.token);
    const second = await beginSigning(ctx, made.token);
    if (first.kind !== 'registration' || second.kind !== 'registration') throw new Error('expected registration challenges for a new signer');
    const { finishRegistration } = await import('./finish-registration');
    await finishRegistration(ctx, made.token, newPasskey().register(first.options.challenge));
    const before = await state(ctx);
    await refused(finishRegistration(ctx, made.token, newPasskey().register(second.options.challenge)), 'NEW_PASSKEY_NOT_ALLOWED');
    expect((await state(ctx)).credentials).toEqual(before.credentials);
  });
});

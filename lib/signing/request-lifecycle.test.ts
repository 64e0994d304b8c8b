import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '@/db/client';
import { AppError, type ErrorCode } from '@/lib/errors';
import { createTestContext, testDatabaseUrl, type TestContext } from '@/test/support/context';
import { newPasskey, requestSigners, signAs } from '@/test/support/multi-signer';
import { beginSigning } from './begin-signing';
import { declineSigning } from './decline-signing';
import { getCeremony } from './get-ceremony';
import { getSigningRequest } from './get-signing-request';
import { reRequestSigningRequest } from './re-request';
import { reissueSigningLink } from './reissue-signing-link';
import { cancelSigningRequest, extendSigningRequest } from './request-lifecycle';
import { watchCeremony } from './watch-ceremony';

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

const rows = async (ctx: TestContext) => ({
  requests: await ctx.db.select().from(schema.signingRequests).orderBy(schema.signingRequests.id),
  slots: await ctx.db.select().from(schema.requestSigners).orderBy(schema.requestSigners.id),
});

const DAY = 24 * 3_600_000;

for (const postgres of [false, true]) {
  const backend = postgres && testDatabaseUrl() ? 'PostgreSQL' : 'PGlite';
  describe(`request lifecycle (${backend})`, () => {
    let ctx: TestContext;
    beforeAll(async () => {
      ctx = await createTestContext({}, { postgres });
    });
    afterAll(async () => ctx.dispose());

    it('cancel: every link stops at once (REQUEST_CANCELLED), a watching phone hears it, and the reason is kept', async () => {
      const made = await requestSigners(ctx, ['Ada', 'Grace']);
      const [a, g] = made.signers.map((s) => s.token) as [string, string];
      await getCeremony(ctx, g);
      const abort = new AbortController();
      const stream = await watchCeremony(ctx, g, abort.signal);
      const reader = stream.getReader();
      const first = new TextDecoder().decode((await reader.read()).value);
      const second = new TextDecoder().decode((await reader.read()).value);
      expect(first + second).toContain('"waitingFor":["Ada"]');

      const view = await cancelSigningRequest(ctx, made.request.id, '  Wrong version of the contract ');
      expect(view).toMatchObject({ status: 'cancelled', cancelReason: 'Wrong version of the contract' });
      let heard = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        heard += new TextDecoder().decode(value);
      }
      expect(heard).toContain('event: problem\ndata: {"code":"REQUEST_CANCELLED"}');
      abort.abort();

      await refused(getCeremony(ctx, a), 'REQUEST_CANCELLED');
      await refused(beginSigning(ctx, a), 'REQUEST_CANCELLED');
      await refused(declineSigning(ctx, a, null), 'REQUEST_CANCELLED');
      const before = await rows(ctx);
      await refused(cancelSigningRequest(ctx, made.request.id, 'again'), 'REQUEST_CANCELLED');
      await refused(extendSigningRequest(ctx, made.request.id, new Date(ctx.clock.now().getTime() + DAY)), 'REQUEST_CANCELLED');
      await refused(reissueSigningLink(ctx, made.request.id), 'REQUEST_CANCELLED');
      expect(await rows(ctx)).toEqual(before);
    });

    it('cancelling a signed request, or without a reason, is refused and changes nothing', async () => {
      const made = await requestSigners(ctx, ['Ada']);
      await signAs(ctx, made.token, newPasskey());
      const live = await requestSigners(ctx, ['Ada', 'Grace']);
      const before = await rows(ctx);
      await refused(cancelSigningRequest(ctx, made.request.id, 'too late'), 'REQUEST_ALREADY_SIGNED');
      await refused(cancelSigningRequest(ctx, live.request.id, '   '), 'VALIDATION_FAILED');
      await refused(cancelSigningRequest(ctx, live.request.id, 'x'.repeat(1001)), 'VALIDATION_FAILED');
      expect(await rows(ctx)).toEqual(before);
    });

    it('extend: at most 30 days from now, never into the past or before the current expiry', async () => {
      const made = await requestSigners(ctx, ['Ada', 'Grace']);
      const now = ctx.clock.now().getTime();
      const before = await rows(ctx);
      await refused(extendSigningRequest(ctx, made.request.id, new Date(now + 30 * DAY + 1)), 'EXPIRY_OUT_OF_RANGE');
      await refused(extendSigningRequest(ctx, made.request.id, new Date(now - 1)), 'EXPIRY_OUT_OF_RANGE');
      await refused(extendSigningRequest(ctx, made.request.id, new Date(made.request.expiresAt)), 'EXPIRY_OUT_OF_RANGE');
      await refused(extendSigningRequest(ctx, made.request.id, new Date('nonsense')), 'EXPIRY_OUT_OF_RANGE');
      expect(await rows(ctx)).toEqual(before);
      const target = new Date(now + 30 * DAY);
      expect((await extendSigningRequest(ctx, made.request.id, target)).expiresAt).toBe(target.toISOString());
      // Past the old expiry the links still work.
      ctx.clock.set(new Date(now + 2 * DAY));
      expect((await getCeremony(ctx, made.signers[0]!.token)).status).toBe('opened');
      ctx.clock.set(new Date(now));
    });

    it('re-request: only an ended request; the new one has the same signers and steps and points back', async () => {
      const made = await requestSigners(ctx, ['Ada', 'Grace', 'Linus']);
      await refused(reRequestSigningRequest(ctx, made.request.id), 'REQUEST_STILL_LIVE');
      const ada = newPasskey();
      await signAs(ctx, made.signers[0]!.token, ada);
      await declineSigning(ctx, made.signers[1]!.token, 'Not this week');
      const again = await reRequestSigningRequest(ctx, made.request.id);
      expect(again.request.previousRequestId).toBe(made.request.id);
      expect(again.request.status).toBe('pending');
      expect(again.request.signers.map((s) => [s.displayName, s.step, s.status])).toEqual([['Ada', 1, 'pending'], ['Grace', 2, 'pending'], ['Linus', 3, 'pending']]);
      expect(again.request.signers.map((s) => s.signerId)).toEqual(made.request.signers.map((s) => s.signerId));
      expect(again.signers.every((s) => !made.signers.some((o) => o.token === s.token))).toBe(true);
      // Ada's passkey still applies: she signs the new request without registering again.
      const begin = await beginSigning(ctx, again.signers[0]!.token);
      expect(begin.kind).toBe('signing');
      await refused(beginSigning(ctx, made.signers[2]!.token), 'REQUEST_DECLINED');
      expect((await getSigningRequest(ctx, made.request.id)).status).toBe('declined');
    });

    it('show the QR again: re-issues one signer\'s link; the old one is unknown, a signed signer has none to re-issue', async () => {
      const made = await requestSigners(ctx, ['Ada', 'Grace'], 'parallel');
      const [a, g] = made.signers as [(typeof made.signers)[0], (typeof made.signers)[0]];
      await signAs(ctx, a.token, newPasskey());
      const fresh = await reissueSigningLink(ctx, made.request.id);
      expect(fresh.signerId).toBe(g.id);
      await refused(getCeremony(ctx, g.token), 'TOKEN_UNKNOWN');
      expect((await getCeremony(ctx, fresh.token)).signer.displayName).toBe('Grace');
      const before = await rows(ctx);
      await refused(reissueSigningLink(ctx, made.request.id, undefined, a.id), 'REQUEST_ALREADY_SIGNED');
      await refused(reissueSigningLink(ctx, made.request.id, undefined, '00000000-0000-4000-8000-000000000000'), 'NOT_FOUND');
      expect(await rows(ctx)).toEqual(before);
    });
  });
}

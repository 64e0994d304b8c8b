import { writeFile, rm } from 'node:fs/promises';
import { eq } from 'drizzle-orm';
import type { AuthenticationResponseJSON } from '@simplewebauthn/server';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { schema } from '@/db/client';
import { AppError, type ErrorCode } from '@/lib/errors';
import { createTestContext, resetTables, TEST_ORIGIN, TEST_RP_ID, uploadAndRequest, type TestContext } from '@/test/support/context';
import { SoftAuthenticator } from '@/test/support/soft-authenticator';
import { beginSigning, CHALLENGE_TTL_MS } from './begin-signing';
import { completeSigning } from './complete-signing';
import { createSigningRequest } from './create-signing-request';
import { declineSigning, DECLINE_REASON_MAX } from './decline-signing';
import { finishRegistration } from './finish-registration';
import { getCeremony } from './get-ceremony';
import { findSignableRequest } from './resolve-token';

/*
 * Every refusal of the signing verbs, at the lib level: each test asserts the exact AppError code
 * and that the database did not move (no status change, no signature record, no credential, no
 * counter bump, no new challenge), apart from the one change the refusal is meant to make (a
 * challenge burned by a failed attempt, a lapsed request recorded as expired).
 */

const meta = { ip: '192.0.2.1', userAgent: 'vitest' };

/** Awaits a call that must fail with an AppError; any other outcome fails the test. */
async function refusal(call: Promise<unknown>): Promise<AppError> {
  let outcome: unknown;
  try {
    outcome = await call;
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error(`expected an AppError, the call succeeded with ${JSON.stringify(outcome)?.slice(0, 200)}`);
}

async function expectRefused(call: Promise<unknown>, code: ErrorCode, label?: string): Promise<AppError> {
  const e = await refusal(call);
  expect(e.code, `${label ?? 'call'}: ${e.message}`).toBe(code);
  return e;
}

/** The rows a refused call must leave alone. Challenge use is checked separately, where it matters. */
async function dbState(ctx: TestContext) {
  const s = schema;
  return {
    requests: await ctx.db
      .select({
        id: s.signingRequests.id,
        status: s.signingRequests.status,
        openedAt: s.signingRequests.openedAt,
        signedAt: s.signingRequests.signedAt,
        declinedAt: s.signingRequests.declinedAt,
        declineReason: s.signingRequests.declineReason,
      })
      .from(s.signingRequests)
      .orderBy(s.signingRequests.id),
    credentials: await ctx.db
      .select({ id: s.credentials.id, signerId: s.credentials.signerId, counter: s.credentials.counter, lastUsedAt: s.credentials.lastUsedAt })
      .from(s.credentials)
      .orderBy(s.credentials.id),
    records: await ctx.db.select({ id: s.signatureRecords.id }).from(s.signatureRecords).orderBy(s.signatureRecords.id),
    documents: await ctx.db.select({ id: s.documents.id, sha256: s.documents.sha256 }).from(s.documents).orderBy(s.documents.id),
    challenges: (await ctx.db.select({ challenge: s.challenges.challenge }).from(s.challenges)).map((c) => c.challenge).sort(),
  };
}
type DbState = Awaited<ReturnType<typeof dbState>>;

async function expectUnchanged(ctx: TestContext, before: DbState): Promise<void> {
  expect(await dbState(ctx)).toEqual(before);
}

async function challengeUsedAt(ctx: TestContext, challenge: string): Promise<Date | null> {
  const [row] = await ctx.db.select().from(schema.challenges).where(eq(schema.challenges.challenge, challenge));
  if (!row) throw new Error(`expected challenge ${challenge} to exist`);
  return row.usedAt;
}

async function requestStatus(ctx: TestContext, requestId: string): Promise<string | undefined> {
  const [row] = await ctx.db.select().from(schema.signingRequests).where(eq(schema.signingRequests.id, requestId));
  return row?.status;
}

const newPasskey = () => new SoftAuthenticator({ origin: TEST_ORIGIN, rpId: TEST_RP_ID });

/** A request whose signer has registered a passkey, ready for a signing challenge. */
async function withPasskey(ctx: TestContext, bytes?: string) {
  const created = await uploadAndRequest(ctx, bytes);
  const passkey = newPasskey();
  const reg = await beginSigning(ctx, created.token);
  if (reg.kind !== 'registration') throw new Error('expected a registration challenge for a new signer');
  await finishRegistration(ctx, created.token, passkey.register(reg.options.challenge));
  return { ...created, passkey };
}

async function signingChallenge(ctx: TestContext, token: string): Promise<string> {
  const begin = await beginSigning(ctx, token);
  if (begin.kind !== 'signing') throw new Error('expected a signing challenge for a signer with a passkey');
  return begin.options.challenge;
}

async function registrationChallenge(ctx: TestContext, token: string): Promise<string> {
  const begin = await beginSigning(ctx, token);
  if (begin.kind !== 'registration') throw new Error('expected a registration challenge for a signer without a passkey');
  return begin.options.challenge;
}

/** A second request for the same signer (found by email), so the same passkey applies. */
async function sameSignerRequest(ctx: TestContext, first: Awaited<ReturnType<typeof uploadAndRequest>>, expiresInHours?: number) {
  return createSigningRequest(ctx, {
    documentId: first.document.id,
    title: 'Second agreement',
    documentType: 'other',
    signerName: 'Ada Lovelace',
    signerEmail: first.request.signer.email,
    expiresInHours,
  });
}

/** XORs one byte of a base64url value (the last by default). */
function flipByte(b64url: string, index = -1): string {
  const bytes = Buffer.from(b64url, 'base64url');
  const i = index < 0 ? bytes.length + index : index;
  bytes[i] = bytes[i]! ^ 0x01;
  return bytes.toString('base64url');
}

/** Adds '=' padding (one '=' when the length needs none, which is no valid encoding either). */
function padBase64url(b64url: string): string {
  return b64url + '='.repeat((4 - (b64url.length % 4)) % 4 || 1);
}

function withResponse(a: AuthenticationResponseJSON, patch: Partial<AuthenticationResponseJSON['response']>): AuthenticationResponseJSON {
  return { ...a, response: { ...a.response, ...patch } };
}

const START = '2026-03-01T12:00:00.000Z';

/**
 * Returns the context to a fresh state: every table emptied, no blobs, the clock at START. One
 * PGlite per file (booting one costs seconds) with this reset before each test keeps the tests as
 * isolated as a new context would.
 */
async function reset(ctx: TestContext): Promise<void> {
  await resetTables(ctx);
  await rm(ctx.blobs.root, { recursive: true, force: true });
  ctx.clock.set(START);
  expect(await dbState(ctx)).toEqual({ requests: [], credentials: [], records: [], documents: [], challenges: [] });
}

describe('signing verbs refuse bad input and leave the database unchanged', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext();
    expect(ctx.clock.now().toISOString()).toBe(START);
  });
  beforeEach(async () => reset(ctx));
  afterAll(async () => ctx.dispose());

  /** Every verb a signing link drives, called with one token. */
  function everyVerb(token: string, passkey: SoftAuthenticator, challenge: string) {
    return {
      getCeremony: () => getCeremony(ctx, token),
      findSignableRequest: () => findSignableRequest(ctx, token),
      beginSigning: () => beginSigning(ctx, token),
      finishRegistration: () => finishRegistration(ctx, token, passkey.register(challenge)),
      completeSigning: () => completeSigning(ctx, token, passkey.assert(challenge), meta),
      declineSigning: () => declineSigning(ctx, token, 'not mine'),
    };
  }

  describe('tokens', () => {
    it('refuses a well-formed token that was never issued, in every verb (TOKEN_UNKNOWN)', async () => {
      const { token, passkey } = await withPasskey(ctx);
      const challenge = await signingChallenge(ctx, token);
      // One character off a real token, and a token of the right shape nobody issued.
      const oneOff = token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A');
      const neverIssued = Buffer.alloc(16, 7).toString('base64url');
      const before = await dbState(ctx);
      for (const unknown of [oneOff, neverIssued]) {
        for (const [name, call] of Object.entries(everyVerb(unknown, passkey, challenge))) {
          await expectRefused(call(), 'TOKEN_UNKNOWN', `${name}(${unknown})`);
        }
      }
      await expectUnchanged(ctx, before);
      expect(await challengeUsedAt(ctx, challenge)).toBeNull();
    });

    it('refuses a malformed token before looking it up, in every verb (TOKEN_UNKNOWN)', async () => {
      const { token, passkey } = await withPasskey(ctx);
      const challenge = await signingChallenge(ctx, token);
      const malformed = ['', 'short', '../../../etc/passwd', `${token}=`, `${token} `, 'x'.repeat(65), 'äöü'.repeat(8), `${token.slice(0, 10)}/${token.slice(11)}`];
      const before = await dbState(ctx);
      for (const bad of malformed) {
        for (const [name, call] of Object.entries(everyVerb(bad, passkey, challenge))) {
          const e = await expectRefused(call(), 'TOKEN_UNKNOWN', `${name}(${JSON.stringify(bad)})`);
          expect(e.message).toMatch(/malformed/);
        }
      }
      await expectUnchanged(ctx, before);
      expect(await challengeUsedAt(ctx, challenge)).toBeNull();
    });
  });

  describe('request state', () => {
    it('refuses every verb once the clock reaches expiresAt (REQUEST_EXPIRED) and records the request as expired', async () => {
      const { token, request, passkey } = await withPasskey(ctx);
      const challenge = await signingChallenge(ctx, token);
      ctx.clock.set(request.expiresAt);
      const before = await dbState(ctx);
      expect(await requestStatus(ctx, request.id)).toBe('pending');

      await expectRefused(findSignableRequest(ctx, token), 'REQUEST_EXPIRED', 'findSignableRequest');
      expect(await requestStatus(ctx, request.id)).toBe('expired');

      const verbs = everyVerb(token, passkey, challenge);
      await expectRefused(verbs.beginSigning(), 'REQUEST_EXPIRED', 'beginSigning');
      await expectRefused(verbs.finishRegistration(), 'REQUEST_EXPIRED', 'finishRegistration');
      await expectRefused(verbs.completeSigning(), 'REQUEST_EXPIRED', 'completeSigning');
      await expectRefused(verbs.declineSigning(), 'REQUEST_EXPIRED', 'declineSigning');
      const ceremony = await getCeremony(ctx, token);
      expect(ceremony.status).toBe('expired');
      expect(ceremony.expiresAt).toBe(request.expiresAt);

      await expectUnchanged(ctx, {
        ...before,
        requests: before.requests.map((r) => (r.id === request.id ? { ...r, status: 'expired' } : r)),
      });
      expect(await challengeUsedAt(ctx, challenge)).toBeNull();
    });

    it('still accepts the request one millisecond before expiresAt', async () => {
      const { token, request } = await uploadAndRequest(ctx);
      ctx.clock.set(new Date(new Date(request.expiresAt).getTime() - 1));
      expect((await findSignableRequest(ctx, token)).id).toBe(request.id);
      expect((await beginSigning(ctx, token)).kind).toBe('registration');
      expect(await requestStatus(ctx, request.id)).toBe('pending');
    });

    it('refuses an assertion made with a live challenge after the request itself expired (REQUEST_EXPIRED)', async () => {
      const first = await withPasskey(ctx);
      const short = await sameSignerRequest(ctx, first, 1 / 3600); // one second
      const challenge = await signingChallenge(ctx, short.token);
      ctx.clock.advance(1_000);
      const assertion = first.passkey.assert(challenge);
      const before = await dbState(ctx);

      await expectRefused(completeSigning(ctx, short.token, assertion, meta), 'REQUEST_EXPIRED');

      await expectUnchanged(ctx, {
        ...before,
        requests: before.requests.map((r) => (r.id === short.request.id ? { ...r, status: 'expired' } : r)),
      });
      expect(await challengeUsedAt(ctx, challenge)).toBeNull();
    });

    it('refuses every verb on a declined request (REQUEST_DECLINED) and keeps the decline as recorded', async () => {
      const { token, request, passkey } = await withPasskey(ctx);
      const challenge = await signingChallenge(ctx, token);
      await declineSigning(ctx, token, '  The amount is wrong  ');
      const before = await dbState(ctx);
      expect(before.requests.find((r) => r.id === request.id)).toMatchObject({ status: 'declined', declineReason: 'The amount is wrong' });

      const verbs = everyVerb(token, passkey, challenge);
      await expectRefused(verbs.findSignableRequest(), 'REQUEST_DECLINED', 'findSignableRequest');
      await expectRefused(verbs.beginSigning(), 'REQUEST_DECLINED', 'beginSigning');
      await expectRefused(verbs.finishRegistration(), 'REQUEST_DECLINED', 'finishRegistration');
      await expectRefused(verbs.completeSigning(), 'REQUEST_DECLINED', 'completeSigning');
      await expectRefused(verbs.declineSigning(), 'REQUEST_DECLINED', 'declineSigning');
      expect((await getCeremony(ctx, token)).status).toBe('declined');
      // A declined request stays declined when its expiry passes.
      ctx.clock.set(request.expiresAt);
      await expectRefused(verbs.beginSigning(), 'REQUEST_DECLINED', 'beginSigning after expiry');

      await expectUnchanged(ctx, before);
      expect(await challengeUsedAt(ctx, challenge)).toBeNull();
    });

    it('refuses every verb on an already-signed request (REQUEST_ALREADY_SIGNED)', async () => {
      const { token, passkey } = await withPasskey(ctx);
      await completeSigning(ctx, token, passkey.assert(await signingChallenge(ctx, token)), meta);
      const before = await dbState(ctx);
      expect(before.records).toHaveLength(1);

      const verbs = everyVerb(token, passkey, 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA');
      await expectRefused(verbs.findSignableRequest(), 'REQUEST_ALREADY_SIGNED', 'findSignableRequest');
      await expectRefused(verbs.beginSigning(), 'REQUEST_ALREADY_SIGNED', 'beginSigning');
      await expectRefused(verbs.finishRegistration(), 'REQUEST_ALREADY_SIGNED', 'finishRegistration');
      await expectRefused(verbs.completeSigning(), 'REQUEST_ALREADY_SIGNED', 'completeSigning');
      await expectRefused(verbs.declineSigning(), 'REQUEST_ALREADY_SIGNED', 'declineSigning');
      expect((await getCeremony(ctx, token)).status).toBe('signed');

      await expectUnchanged(ctx, before);
    });

    it('refuses to begin a ceremony when the stored document bytes changed after the QR was made (DOCUMENT_TAMPERED)', async () => {
      const { token, document } = await withPasskey(ctx);
      await writeFile(ctx.blobs.pathOf(document.sha256), '%PDF-1.4 a different document');
      const before = await dbState(ctx);

      const e = await expectRefused(beginSigning(ctx, token), 'DOCUMENT_TAMPERED');
      expect(e.message).toContain(document.sha256);

      await expectUnchanged(ctx, before); // in particular: no challenge issued
    });

    it('refuses to begin a registration when the stored document is gone (DOCUMENT_TAMPERED)', async () => {
      const { token, document } = await uploadAndRequest(ctx);
      await rm(ctx.blobs.pathOf(document.sha256));
      const before = await dbState(ctx);

      const e = await expectRefused(beginSigning(ctx, token), 'DOCUMENT_TAMPERED');
      expect(e.message).toContain('missing');

      await expectUnchanged(ctx, before);
    });
  });

  describe('challenges', () => {
    it('refuses a valid assertion whose challenge a failed attempt already burned (CHALLENGE_USED)', async () => {
      const { token, passkey } = await withPasskey(ctx);
      const challenge = await signingChallenge(ctx, token);
      const good = passkey.assert(challenge);
      const bad = withResponse(good, { signature: flipByte(good.response.signature) });
      const before = await dbState(ctx);

      await expectRefused(completeSigning(ctx, token, bad, meta), 'SIGNATURE_INVALID');
      const burnedAt = await challengeUsedAt(ctx, challenge);
      expect(burnedAt).toEqual(ctx.clock.now());

      ctx.clock.advance(1_000);
      await expectRefused(completeSigning(ctx, token, good, meta), 'CHALLENGE_USED');

      await expectUnchanged(ctx, before);
      expect(await challengeUsedAt(ctx, challenge)).toEqual(burnedAt);
    });

    it('refuses a replay of the successful assertion on the signed request (REQUEST_ALREADY_SIGNED)', async () => {
      const { token, passkey } = await withPasskey(ctx);
      const good = passkey.assert(await signingChallenge(ctx, token));
      await completeSigning(ctx, token, good, meta);
      const before = await dbState(ctx);

      await expectRefused(completeSigning(ctx, token, good, meta), 'REQUEST_ALREADY_SIGNED');

      await expectUnchanged(ctx, before);
      expect(before.records).toHaveLength(1);
    });

    it('refuses an assertion whose challenge belongs to another request of the same signer (CHALLENGE_OTHER_REQUEST)', async () => {
      const first = await withPasskey(ctx);
      const second = await sameSignerRequest(ctx, first);
      const secondChallenge = await signingChallenge(ctx, second.token);
      const assertion = first.passkey.assert(secondChallenge);
      const before = await dbState(ctx);

      await expectRefused(completeSigning(ctx, first.token, assertion, meta), 'CHALLENGE_OTHER_REQUEST');

      await expectUnchanged(ctx, before);
      expect(await challengeUsedAt(ctx, secondChallenge)).toBeNull();
    });

    it('refuses an assertion over a challenge this server never issued (CHALLENGE_UNKNOWN)', async () => {
      const { token, passkey } = await withPasskey(ctx);
      await signingChallenge(ctx, token);
      const invented = Buffer.alloc(32, 0xab).toString('base64url');
      const before = await dbState(ctx);

      await expectRefused(completeSigning(ctx, token, passkey.assert(invented), meta), 'CHALLENGE_UNKNOWN');

      await expectUnchanged(ctx, before);
    });

    it('refuses a registration challenge presented as a signing challenge (CHALLENGE_UNKNOWN)', async () => {
      const { token } = await uploadAndRequest(ctx);
      const regChallenge = await registrationChallenge(ctx, token);
      const before = await dbState(ctx);

      await expectRefused(completeSigning(ctx, token, newPasskey().assert(regChallenge), meta), 'CHALLENGE_UNKNOWN');

      await expectUnchanged(ctx, before);
      expect(await challengeUsedAt(ctx, regChallenge)).toBeNull();
    });

    it(`refuses an assertion over a challenge older than ${CHALLENGE_TTL_MS / 60_000} minutes (CHALLENGE_EXPIRED)`, async () => {
      const { token, passkey } = await withPasskey(ctx);
      const challenge = await signingChallenge(ctx, token);
      ctx.clock.advance(CHALLENGE_TTL_MS + 1);
      const before = await dbState(ctx);

      await expectRefused(completeSigning(ctx, token, passkey.assert(challenge), meta), 'CHALLENGE_EXPIRED');

      await expectUnchanged(ctx, before);
      expect(await challengeUsedAt(ctx, challenge)).toBeNull();
    });

    it('accepts an assertion over a challenge one millisecond before it expires', async () => {
      const { token, passkey, request } = await withPasskey(ctx);
      const challenge = await signingChallenge(ctx, token);
      ctx.clock.advance(CHALLENGE_TTL_MS - 1);

      await completeSigning(ctx, token, passkey.assert(challenge), meta);

      expect(await requestStatus(ctx, request.id)).toBe('signed');
    });

    it('refuses a registration over an expired registration challenge (CHALLENGE_EXPIRED) and registers nothing', async () => {
      const { token } = await uploadAndRequest(ctx);
      const challenge = await registrationChallenge(ctx, token);
      ctx.clock.advance(CHALLENGE_TTL_MS);
      const before = await dbState(ctx);

      await expectRefused(finishRegistration(ctx, token, newPasskey().register(challenge)), 'CHALLENGE_EXPIRED');

      await expectUnchanged(ctx, before);
      expect(before.credentials).toEqual([]);
    });
  });

  describe('ceremony checks', () => {
    /** Submits an assertion made with the given overrides and expects the code; the challenge is burned. */
    async function refusesAssertion(overrides: Parameters<SoftAuthenticator['assert']>[1], code: ErrorCode): Promise<void> {
      const { token, passkey } = await withPasskey(ctx);
      const challenge = await signingChallenge(ctx, token);
      const before = await dbState(ctx);

      await expectRefused(completeSigning(ctx, token, passkey.assert(challenge, overrides), meta), code);

      await expectUnchanged(ctx, before);
      expect(await challengeUsedAt(ctx, challenge)).not.toBeNull();
    }

    it('refuses an assertion made for another origin (ORIGIN_MISMATCH)', async () => {
      await refusesAssertion({ origin: 'https://phish.example' }, 'ORIGIN_MISMATCH');
    });

    it('refuses an assertion whose rpIdHash is for another RP ID (RP_ID_MISMATCH)', async () => {
      await refusesAssertion({ rpId: 'phish.example' }, 'RP_ID_MISMATCH');
    });

    it('refuses an assertion without user verification (USER_VERIFICATION_REQUIRED)', async () => {
      await refusesAssertion({ userVerified: false }, 'USER_VERIFICATION_REQUIRED');
    });

    it('refuses an assertion without user presence (USER_PRESENCE_REQUIRED)', async () => {
      await refusesAssertion({ userPresent: false }, 'USER_PRESENCE_REQUIRED');
    });

    it('refuses an assertion whose clientDataJSON.type is not webauthn.get (WEBAUTHN_TYPE_MISMATCH)', async () => {
      await refusesAssertion({ type: 'webauthn.create' }, 'WEBAUTHN_TYPE_MISMATCH');
    });

    it('refuses a registration without user verification (USER_VERIFICATION_REQUIRED) and registers no credential', async () => {
      const { token } = await uploadAndRequest(ctx);
      const challenge = await registrationChallenge(ctx, token);
      const before = await dbState(ctx);

      await expectRefused(finishRegistration(ctx, token, newPasskey().register(challenge, { userVerified: false })), 'USER_VERIFICATION_REQUIRED');

      await expectUnchanged(ctx, before);
      expect(before.credentials).toEqual([]);
      expect(await challengeUsedAt(ctx, challenge)).not.toBeNull();
      expect((await getCeremony(ctx, token)).signer.hasPasskey).toBe(false);
    });

    it('refuses a registration made for another origin (ORIGIN_MISMATCH) and registers no credential', async () => {
      const { token } = await uploadAndRequest(ctx);
      const challenge = await registrationChallenge(ctx, token);
      const before = await dbState(ctx);

      await expectRefused(finishRegistration(ctx, token, newPasskey().register(challenge, { origin: 'https://phish.example' })), 'ORIGIN_MISMATCH');

      await expectUnchanged(ctx, before);
    });
  });

  describe('signatures and credentials', () => {
    it('refuses an assertion whose signature has one byte flipped (SIGNATURE_INVALID)', async () => {
      const { token, passkey } = await withPasskey(ctx);
      const challenge = await signingChallenge(ctx, token);
      const good = passkey.assert(challenge);
      const before = await dbState(ctx);

      await expectRefused(completeSigning(ctx, token, withResponse(good, { signature: flipByte(good.response.signature) }), meta), 'SIGNATURE_INVALID');

      await expectUnchanged(ctx, before);
      expect(await challengeUsedAt(ctx, challenge)).not.toBeNull();
    });

    it('refuses an assertion whose authenticatorData was altered after signing (SIGNATURE_INVALID)', async () => {
      const { token, passkey } = await withPasskey(ctx);
      const good = passkey.assert(await signingChallenge(ctx, token));
      const before = await dbState(ctx);

      // The last byte is the low byte of the signature counter: still a valid, higher counter.
      const altered = withResponse(good, { authenticatorData: flipByte(good.response.authenticatorData) });
      await expectRefused(completeSigning(ctx, token, altered, meta), 'SIGNATURE_INVALID');

      await expectUnchanged(ctx, before);
    });

    it("refuses an assertion that names the signer's credential but is signed by another key (SIGNATURE_INVALID)", async () => {
      const { token, passkey } = await withPasskey(ctx);
      const challenge = await signingChallenge(ctx, token);
      const impostor = newPasskey().assert(challenge);
      const before = await dbState(ctx);

      await expectRefused(completeSigning(ctx, token, { ...impostor, id: passkey.id, rawId: passkey.id }, meta), 'SIGNATURE_INVALID');

      await expectUnchanged(ctx, before);
    });

    it('refuses an assertion from a passkey that was never registered (CREDENTIAL_UNKNOWN)', async () => {
      const { token } = await withPasskey(ctx);
      const challenge = await signingChallenge(ctx, token);
      const stranger = newPasskey();
      const before = await dbState(ctx);

      const e = await expectRefused(completeSigning(ctx, token, stranger.assert(challenge), meta), 'CREDENTIAL_UNKNOWN');
      expect(e.message).toContain(stranger.id);

      await expectUnchanged(ctx, before);
      expect(before.credentials.map((c) => c.id)).not.toContain(stranger.id);
    });

    it('refuses an assertion from a passkey registered to another signer (CREDENTIAL_UNKNOWN)', async () => {
      const ada = await withPasskey(ctx, 'document for Ada');
      const bob = await withPasskey(ctx, 'document for Bob');
      expect(bob.request.signer.id).not.toBe(ada.request.signer.id);
      const challenge = await signingChallenge(ctx, ada.token);
      const before = await dbState(ctx);
      expect(before.credentials.map((c) => c.id)).toContain(bob.passkey.id);

      await expectRefused(completeSigning(ctx, ada.token, bob.passkey.assert(challenge), meta), 'CREDENTIAL_UNKNOWN');

      await expectUnchanged(ctx, before);
    });

    // SimpleWebAuthn v14 (verifyAuthenticationResponse): refuses when (counter > 0 || stored > 0) && counter <= stored.
    it('refuses an assertion whose signature counter does not exceed the stored one (COUNTER_REGRESSION)', async () => {
      const first = await withPasskey(ctx);
      await completeSigning(ctx, first.token, first.passkey.assert(await signingChallenge(ctx, first.token)), meta);
      const second = await sameSignerRequest(ctx, first);
      const before = await dbState(ctx);
      const stored = before.credentials.find((c) => c.id === first.passkey.id)?.counter;
      expect(stored).toBe(1);

      for (const counter of [1, 0]) {
        const e = await expectRefused(
          completeSigning(ctx, second.token, first.passkey.assert(await signingChallenge(ctx, second.token), { counter }), meta),
          'COUNTER_REGRESSION',
          `counter ${counter}`,
        );
        expect(e.message).toContain(`above ${stored}`);
      }

      const after = await dbState(ctx);
      expect({ ...after, challenges: before.challenges }).toEqual(before);
      expect(after.challenges).toHaveLength(before.challenges.length + 2);
      expect(await requestStatus(ctx, second.request.id)).toBe('pending');
    });

    it('accepts an authenticator whose counter stays 0 (no counter support), as WebAuthn allows', async () => {
      const first = await withPasskey(ctx);
      await completeSigning(ctx, first.token, first.passkey.assert(await signingChallenge(ctx, first.token), { counter: 0 }), meta);
      const second = await sameSignerRequest(ctx, first);

      await completeSigning(ctx, second.token, first.passkey.assert(await signingChallenge(ctx, second.token), { counter: 0 }), meta);

      const { credentials } = await dbState(ctx);
      expect(credentials).toEqual([expect.objectContaining({ id: first.passkey.id, counter: 0 })]);
      expect(await requestStatus(ctx, second.request.id)).toBe('signed');
    });
  });

  describe('encodings', () => {
    it('refuses authenticatorData or signature that is not base64url, without burning the challenge (MALFORMED_ENCODING)', async () => {
      const { token, passkey } = await withPasskey(ctx);
      const challenge = await signingChallenge(ctx, token);
      const good = passkey.assert(challenge);
      const before = await dbState(ctx);

      for (const patch of [
        { authenticatorData: '!!not base64!!' },
        { authenticatorData: good.response.authenticatorData.replace(/^./, '+') },
        { signature: `${good.response.signature.slice(0, 10)}/${good.response.signature.slice(11)}` },
        { signature: 'a b c' },
      ]) {
        await expectRefused(completeSigning(ctx, token, withResponse(good, patch), meta), 'MALFORMED_ENCODING', JSON.stringify(patch));
      }

      await expectUnchanged(ctx, before);
      expect(await challengeUsedAt(ctx, challenge)).toBeNull();
      // The untouched assertion still works: nothing above consumed anything.
      await completeSigning(ctx, token, good, meta);
    });

    it('refuses clientDataJSON that is not base64url of a JSON object with a challenge (MALFORMED_ENCODING)', async () => {
      const { token, passkey } = await withPasskey(ctx);
      const challenge = await signingChallenge(ctx, token);
      const good = passkey.assert(challenge);
      const before = await dbState(ctx);

      for (const clientDataJSON of [
        '%%%%',
        Buffer.from('{"type":"webauthn.get",').toString('base64url'),
        Buffer.from('null').toString('base64url'),
        Buffer.from(JSON.stringify({ type: 'webauthn.get', origin: TEST_ORIGIN })).toString('base64url'),
        Buffer.from(JSON.stringify({ type: 'webauthn.get', origin: TEST_ORIGIN, challenge: 42 })).toString('base64url'),
      ]) {
        await expectRefused(completeSigning(ctx, token, withResponse(good, { clientDataJSON }), meta), 'MALFORMED_ENCODING', clientDataJSON);
      }

      await expectUnchanged(ctx, before);
      expect(await challengeUsedAt(ctx, challenge)).toBeNull();
    });

    // Evidence v1 carries these members as base64url without padding, exactly as received: a padded
    // value accepted here would mark the request signed with evidence that fails its format check.
    it('refuses padded base64url in an assertion, whose evidence could never verify (MALFORMED_ENCODING)', async () => {
      const { token, passkey } = await withPasskey(ctx);
      const challenge = await signingChallenge(ctx, token);
      const good = passkey.assert(challenge);
      const before = await dbState(ctx);

      for (const field of ['clientDataJSON', 'authenticatorData', 'signature'] as const) {
        const value = padBase64url(good.response[field]);
        await expectRefused(completeSigning(ctx, token, withResponse(good, { [field]: value }), meta), 'MALFORMED_ENCODING', field);
      }
      await expectRefused(completeSigning(ctx, token, withResponse(good, { userHandle: 'dXNlcg==' }), meta), 'MALFORMED_ENCODING', 'userHandle');
      await expectRefused(completeSigning(ctx, token, withResponse(good, { userHandle: 'not base64url!' }), meta), 'MALFORMED_ENCODING', 'userHandle');

      await expectUnchanged(ctx, before);
      expect(await challengeUsedAt(ctx, challenge)).toBeNull();
    });

    it('refuses padded base64url in a registration (MALFORMED_ENCODING) and registers nothing', async () => {
      const { token } = await uploadAndRequest(ctx);
      const challenge = await registrationChallenge(ctx, token);
      const good = newPasskey().register(challenge);
      const before = await dbState(ctx);

      for (const field of ['clientDataJSON', 'attestationObject'] as const) {
        const value = padBase64url(good.response[field]);
        await expectRefused(finishRegistration(ctx, token, { ...good, response: { ...good.response, [field]: value } }), 'MALFORMED_ENCODING', field);
      }

      await expectUnchanged(ctx, before);
      expect(await challengeUsedAt(ctx, challenge)).toBeNull();
    });

    it('refuses authenticatorData too short for the WebAuthn layout (MALFORMED_ENCODING)', async () => {
      const { token, passkey } = await withPasskey(ctx);
      const good = passkey.assert(await signingChallenge(ctx, token));
      const before = await dbState(ctx);

      const short = Buffer.from(good.response.authenticatorData, 'base64url').subarray(0, 20).toString('base64url');
      await expectRefused(completeSigning(ctx, token, withResponse(good, { authenticatorData: short }), meta), 'MALFORMED_ENCODING');

      await expectUnchanged(ctx, before);
    });

    it('refuses an attestationObject that is not base64url CBOR (MALFORMED_ENCODING) and registers nothing', async () => {
      const { token } = await uploadAndRequest(ctx);
      const challenge = await registrationChallenge(ctx, token);
      const good = newPasskey().register(challenge);
      const before = await dbState(ctx);

      for (const attestationObject of ['***', Buffer.from('not cbor at all').toString('base64url')]) {
        await expectRefused(
          finishRegistration(ctx, token, { ...good, response: { ...good.response, attestationObject } }),
          'MALFORMED_ENCODING',
          attestationObject,
        );
      }

      await expectUnchanged(ctx, before);
      expect(await challengeUsedAt(ctx, challenge)).toBeNull();
    });
  });

  describe('declining', () => {
    it(`refuses a decline reason longer than ${DECLINE_REASON_MAX} characters (VALIDATION_FAILED)`, async () => {
      const { token, request } = await uploadAndRequest(ctx);
      const before = await dbState(ctx);

      const e = await expectRefused(declineSigning(ctx, token, 'x'.repeat(DECLINE_REASON_MAX + 1)), 'VALIDATION_FAILED');
      expect(e.message).toContain(String(DECLINE_REASON_MAX + 1));

      await expectUnchanged(ctx, before);
      expect(await requestStatus(ctx, request.id)).toBe('pending');
    });

    it(`accepts a decline reason of exactly ${DECLINE_REASON_MAX} characters once surrounding spaces are trimmed`, async () => {
      const { token, request } = await uploadAndRequest(ctx);
      const reason = 'y'.repeat(DECLINE_REASON_MAX);

      await declineSigning(ctx, token, `   ${reason}   `);

      const { requests } = await dbState(ctx);
      expect(requests.find((r) => r.id === request.id)).toMatchObject({ status: 'declined', declineReason: reason, declinedAt: ctx.clock.now() });
    });
  });
});

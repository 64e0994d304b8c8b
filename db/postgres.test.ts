import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { eq, is, sql, type SQL } from 'drizzle-orm';
import { getTableConfig, PgTable } from 'drizzle-orm/pg-core';
import postgres from 'postgres';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, schema, type Database, type Db } from '@/db/client';
import type { Context } from '@/lib/context';
import { AppError } from '@/lib/errors';
import { getEvidence } from '@/lib/evidence/get-evidence';
import { verifyEvidence } from '@/lib/evidence/verify-evidence';
import { beginSigning } from '@/lib/signing/begin-signing';
import { completeSigning } from '@/lib/signing/complete-signing';
import { createSigningRequest } from '@/lib/signing/create-signing-request';
import { finishRegistration } from '@/lib/signing/finish-registration';
import { getCeremony } from '@/lib/signing/get-ceremony';
import { getSigningRequest } from '@/lib/signing/get-signing-request';
import { publishRequestChanged, subscribeRequestChanged } from '@/lib/signing/request-events';
import {
  createTempDatabase,
  createTestContext,
  testDatabaseUrl,
  TEST_ORIGIN,
  TEST_RP_ID,
  upload,
  uploadAndRequest,
  type TestContext,
} from '@/test/support/context';
import { SoftAuthenticator } from '@/test/support/soft-authenticator';

/**
 * PostgreSQL is the scale-out path: several app instances on one database. These tests run against
 * a real server (TEST_DATABASE_URL, e.g. via `node scripts/pg-temp.mjs -- vitest run`), never a mock.
 */
const databaseUrl = testDatabaseUrl();
const inCi = !['', '0', 'false'].includes((process.env.CI ?? '').trim().toLowerCase());
const meta = { ip: '127.0.0.1', userAgent: 'vitest' };

describe('PostgreSQL test setup', () => {
  it('runs the PostgreSQL suite in CI (TEST_DATABASE_URL must be set when CI is)', () => {
    if (inCi && !databaseUrl) {
      throw new Error(
        'CI is set but TEST_DATABASE_URL is not, so the PostgreSQL tests would be skipped. Run the tests through ' +
          '`node scripts/pg-temp.mjs -- npx vitest run` (needs `apt-get update && apt-get install -y postgresql`), ' +
          'or point TEST_DATABASE_URL at a PostgreSQL server whose user may CREATE DATABASE.',
      );
    }
  });
});

/** Resolves once check() holds, polling; fails after timeoutMs. */
async function waitFor(check: () => boolean, what: string, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Registers a passkey for the request's signer and issues a signing challenge. */
async function registerAndBegin(ctx: Context, token: string, auth: SoftAuthenticator): Promise<string> {
  const reg = await beginSigning(ctx, token);
  if (reg.kind !== 'registration') throw new Error('expected a registration challenge');
  await finishRegistration(ctx, token, auth.register(reg.options.challenge));
  const begin = await beginSigning(ctx, token);
  if (begin.kind !== 'signing') throw new Error('expected a signing challenge');
  return begin.options.challenge;
}

/** Raw SQL on a postgres-js drizzle handle, whose execute() resolves to the rows. */
async function rows<T>(db: Db, query: SQL): Promise<T[]> {
  return (await db.execute(query)) as unknown as T[];
}

async function countRecords(ctx: Context, requestId: string): Promise<number> {
  const rows = await ctx.db.select({ id: schema.signatureRecords.id }).from(schema.signatureRecords).where(eq(schema.signatureRecords.requestId, requestId));
  return rows.length;
}

describe.runIf(databaseUrl)('on PostgreSQL', () => {
  it('applies the migrations once when several instances start at the same time on an empty database', async () => {
    const temp = await createTempDatabase();
    const opened: Database[] = [];
    try {
      const results = await Promise.allSettled(Array.from({ length: 4 }, () => openDatabase({ url: temp.url })));
      for (const r of results) if (r.status === 'fulfilled') opened.push(r.value);
      expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
      opened.push(await openDatabase({ url: temp.url })); // a later start finds nothing to do

      const journal = JSON.parse(await readFile(path.join(process.cwd(), 'db', 'migrations', 'meta', '_journal.json'), 'utf8')) as { entries: unknown[] };
      const db = opened[0]!.db;
      const applied = await rows<{ n: number }>(db, sql`SELECT count(*)::int AS n FROM drizzle.__drizzle_migrations`);
      expect(applied[0]?.n).toBe(journal.entries.length);
      const tables = await rows<{ table_name: string }>(
        db,
        sql`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name`,
      );
      // Exactly the tables the drizzle schema declares: the migrations and db/schema agree.
      const declared = (Object.values(schema) as unknown[])
        .filter((t): t is PgTable => is(t, PgTable))
        .map((t) => getTableConfig(t).name)
        .sort();
      expect(declared).toContain('signature_records');
      expect(tables.map((t) => t.table_name)).toEqual(declared);
    } finally {
      for (const d of opened) await d.close();
      await temp.drop();
    }
  });

  it('live updates recover when the first LISTEN fails because the database was unreachable', async () => {
    // Regression: a rejected LISTEN was cached per database handle, so one failure at the first
    // subscription silenced request updates on that instance until it restarted.
    const temp = await createTempDatabase();
    const database = await openDatabase({ url: temp.url });
    const admin = postgres(databaseUrl!, { max: 1, onnotice: () => {} });
    try {
      await admin.unsafe(`ALTER DATABASE "${temp.name}" ALLOW_CONNECTIONS false`);
      await expect(subscribeRequestChanged(database, 'request-1', () => {})).rejects.toThrow(/not currently accepting connections/);
      await admin.unsafe(`ALTER DATABASE "${temp.name}" ALLOW_CONNECTIONS true`);

      const heard: string[] = [];
      const unsubscribe = await subscribeRequestChanged(database, 'request-1', () => heard.push('changed'));
      await publishRequestChanged(database, 'request-1');
      await waitFor(() => heard.length === 1, 'the retried subscription to hear a change');
      unsubscribe();
    } finally {
      await admin.unsafe(`ALTER DATABASE "${temp.name}" ALLOW_CONNECTIONS true`);
      await admin.end();
      await database.close();
      await temp.drop();
    }
  });

  it('LISTEN comes back after its connection drops while the database refuses connections (restart, failover)', async () => {
    // Regression: postgres-js re-LISTENs once when the connection closes; if the database is still
    // unreachable then, the subscription was silently lost and other instances' changes never
    // arrived again. The listener now notices (its check NOTIFYs stop arriving) and reconnects.
    const temp = await createTempDatabase();
    const a = await openDatabase({ url: temp.url });
    const b = await openDatabase({ url: temp.url, listenCheckMs: 100 });
    const admin = postgres(databaseUrl!, { max: 1, onnotice: () => {} });
    try {
      const payloads: string[] = [];
      let reconnects = 0;
      await b.listen('signet_test_channel', (p) => payloads.push(p), () => reconnects++);
      let watcherReads = 0;
      const unsubscribe = await subscribeRequestChanged(b, 'request-1', () => watcherReads++);
      await a.notify('signet_test_channel', 'before');
      await waitFor(() => payloads.includes('before'), 'the first notification');

      await admin.unsafe(`ALTER DATABASE "${temp.name}" ALLOW_CONNECTIONS false`);
      const killed = await admin`
        SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = ${temp.name} AND query ILIKE 'listen %'`;
      expect(killed.length).toBeGreaterThan(0);
      await new Promise((r) => setTimeout(r, 800)); // several failed checks and reconnects
      await a.notify('signet_test_channel', 'while down'); // lost: nobody listens
      await admin.unsafe(`ALTER DATABASE "${temp.name}" ALLOW_CONNECTIONS true`);

      await waitFor(() => reconnects > 0, 'the listener to reconnect');
      await a.notify('signet_test_channel', 'after');
      await waitFor(() => payloads.includes('after'), 'a notification after the reconnect');
      expect(payloads.filter((p) => p === 'after')).toEqual(['after']); // once, not once per connection
      // Nothing announced request-1, but its change may have been among the lost: watchers re-read.
      expect(watcherReads).toBeGreaterThan(0);
      unsubscribe();
    } finally {
      await admin.unsafe(`ALTER DATABASE "${temp.name}" ALLOW_CONNECTIONS true`);
      await admin.end();
      await a.close();
      await b.close();
      await temp.drop();
    }
  });

  describe('one instance', () => {
    let ctx: TestContext;
    beforeEach(async () => {
      ctx = await createTestContext({}, { postgres: true });
    });
    afterEach(async () => ctx.dispose());

    it('runs the whole flow: upload, request, register, sign, evidence that verifies', async () => {
      expect(ctx.database.kind).toBe('postgres');
      const { token, request, document } = await uploadAndRequest(ctx);
      const auth = new SoftAuthenticator({ origin: TEST_ORIGIN, rpId: TEST_RP_ID });
      expect((await getCeremony(ctx, token)).status).toBe('opened');

      const challenge = await registerAndBegin(ctx, token, auth);
      const [credential] = await ctx.db.select().from(schema.credentials).where(eq(schema.credentials.id, auth.id));
      expect(credential?.transports).toEqual(['internal']);
      const [stored] = await rows<{ type: string }>(ctx.db, sql`SELECT jsonb_typeof(transports) AS type FROM credentials WHERE id = ${auth.id}`);
      expect(stored?.type).toBe('array');

      const signed = await completeSigning(ctx, token, auth.assert(challenge), meta);
      const view = await getSigningRequest(ctx, request.id);
      expect(view.status).toBe('signed');
      expect(view.recordId).toBe(signed.recordId);
      expect(view.signedAt).toBe('2026-03-01T12:00:00.000Z');

      const bundle = await getEvidence(ctx, signed.recordId);
      const report = await verifyEvidence(JSON.parse(JSON.stringify(bundle)), { documentSha256: document.sha256 });
      expect(report.checks.filter((c) => !c.ok)).toEqual([]);
      expect(report.ok).toBe(true);

      // The same signer comes back: found by email, signs with the passkey they already have.
      const again = await createSigningRequest(ctx, { documentId: document.id, title: 'Second', documentType: 'other', signerName: 'Ada', signerEmail: request.signer.email });
      expect(again.request.signer.id).toBe(request.signer.id);
      const begin = await beginSigning(ctx, again.token);
      if (begin.kind !== 'signing') throw new Error('expected a signing challenge for a returning signer');
      // The stored transports, plus hybrid so a new device can use this passkey from another one.
      expect(begin.options.allowCredentials?.map((c) => c.transports)).toEqual([['internal', 'hybrid']]);
      await completeSigning(ctx, again.token, auth.assert(begin.options.challenge), meta);
      expect((await getSigningRequest(ctx, again.request.id)).status).toBe('signed');
    });
  });

  describe('two instances on one database', () => {
    let a: TestContext;
    let b: Context;
    beforeEach(async () => {
      a = await createTestContext({}, { postgres: true });
      b = await a.openInstance();
    });
    afterEach(async () => a.dispose());

    it('are separate handles', () => {
      expect(b.database).not.toBe(a.database);
      expect(b.database.kind).toBe('postgres');
    });

    it('a subscriber on instance B hears a request opened and signed through instance A', async () => {
      const { token, request } = await uploadAndRequest(a);
      const auth = new SoftAuthenticator({ origin: TEST_ORIGIN, rpId: TEST_RP_ID });
      const heardOnB: string[] = [];
      const unsubscribe = await subscribeRequestChanged(b.database, request.id, () => heardOnB.push('changed'));
      try {
        await getCeremony(a, token);
        await waitFor(() => heardOnB.length >= 1, 'instance B to hear the request being opened on A');
        const challenge = await registerAndBegin(a, token, auth);
        await completeSigning(a, token, auth.assert(challenge), meta);
        await waitFor(() => heardOnB.length >= 2, 'instance B to hear the request being signed on A');
        expect((await getSigningRequest(b, request.id)).status).toBe('signed');
      } finally {
        unsubscribe();
      }
    });

    it('a ceremony can hop between instances at every step (load balancer without stickiness)', async () => {
      const { token, request, document } = await uploadAndRequest(a);
      const auth = new SoftAuthenticator({ origin: TEST_ORIGIN, rpId: TEST_RP_ID });
      const heardOnA: string[] = [];
      const unsubscribe = await subscribeRequestChanged(a.database, request.id, () => heardOnA.push('changed'));
      try {
        expect((await getCeremony(b, token)).status).toBe('opened');
        const reg = await beginSigning(a, token);
        await finishRegistration(b, token, auth.register(reg.options.challenge));
        const begin = await beginSigning(b, token);
        if (begin.kind !== 'signing') throw new Error('expected a signing challenge');
        const signed = await completeSigning(a, token, auth.assert(begin.options.challenge), meta);
        await waitFor(() => heardOnA.length >= 2, 'instance A to hear the changes made on B and A');
        const report = await verifyEvidence(JSON.parse(JSON.stringify(await getEvidence(b, signed.recordId))), { documentSha256: document.sha256 });
        expect(report.ok).toBe(true);
      } finally {
        unsubscribe();
      }
    });

    it('the same assertion submitted to both instances at once signs exactly once', async () => {
      for (let round = 0; round < 5; round++) {
        const { token, request } = await uploadAndRequest(a, `race document ${round}`);
        const auth = new SoftAuthenticator({ origin: TEST_ORIGIN, rpId: TEST_RP_ID });
        const assertion = auth.assert(await registerAndBegin(a, token, auth));

        const results = await Promise.allSettled([completeSigning(a, token, assertion, meta), completeSigning(b, token, assertion, meta)]);
        const won = results.filter((r) => r.status === 'fulfilled');
        const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
        expect(won).toHaveLength(1);
        expect(lost).toHaveLength(1);
        expect(lost[0]!.reason).toBeInstanceOf(AppError);
        expect(['CHALLENGE_USED', 'REQUEST_ALREADY_SIGNED', 'REQUEST_NOT_SIGNABLE']).toContain((lost[0]!.reason as AppError).code);
        expect(await countRecords(a, request.id)).toBe(1);
        expect((await getSigningRequest(b, request.id)).status).toBe('signed');
      }
    });

    it('two different valid assertions racing on two instances sign exactly once', async () => {
      for (let round = 0; round < 5; round++) {
        const { token, request } = await uploadAndRequest(a, `double-submit document ${round}`);
        const auth = new SoftAuthenticator({ origin: TEST_ORIGIN, rpId: TEST_RP_ID });
        const first = auth.assert(await registerAndBegin(a, token, auth));
        const second = await beginSigning(b, token);
        if (second.kind !== 'signing') throw new Error('expected a signing challenge');
        const secondAssertion = auth.assert(second.options.challenge);

        const results = await Promise.allSettled([completeSigning(a, token, first, meta), completeSigning(b, token, secondAssertion, meta)]);
        const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
        expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
        expect(lost).toHaveLength(1);
        expect(lost[0]!.reason).toBeInstanceOf(AppError);
        // COUNTER_REGRESSION when the loser reads the passkey's counter after the winner raised it.
        expect(['REQUEST_ALREADY_SIGNED', 'REQUEST_NOT_SIGNABLE', 'COUNTER_REGRESSION']).toContain((lost[0]!.reason as AppError).code);
        expect(await countRecords(b, request.id)).toBe(1);
      }
    });

    it('requests created at once on both instances for one new signer email share one signer', async () => {
      const document = await upload(a, 'shared signer document');
      for (let round = 0; round < 5; round++) {
        const email = `grace+${round}.${document.id}@example.com`;
        const input = (title: string) => ({ documentId: document.id, title, documentType: 'contract', signerName: 'Grace Hopper', signerEmail: email });
        const [fromA, fromB] = await Promise.all([createSigningRequest(a, input('from A')), createSigningRequest(b, input('from B'))]);
        expect(fromA.request.signer.id).toBe(fromB.request.signer.id);
        const signers = await a.db.select().from(schema.signers).where(eq(schema.signers.email, email));
        expect(signers).toHaveLength(1);
      }
    });
  });

  describe('a server with other session defaults', () => {
    // Regression: a database defaulting to a non-ISO DateStyle made every timestamp read throw
    // "Invalid time value", and one defaulting to REPEATABLE READ or SERIALIZABLE turned the races
    // below into raw serialization failures (and a lost createSigningRequest) instead of the
    // READ COMMITTED outcomes the code is written for. openDatabase now pins both per connection.
    let a: TestContext;
    let b: Context;
    beforeEach(async () => {
      a = await createTestContext(
        {},
        { postgres: true, databaseSettings: { DateStyle: 'SQL, DMY', default_transaction_isolation: 'serializable', TimeZone: 'Asia/Kolkata' } },
      );
      b = await a.openInstance();
    });
    afterEach(async () => a.dispose());

    it('still reads timestamps back exactly and resolves the races between instances', async () => {
      const [settings] = await rows<{ datestyle: string; isolation: string }>(
        a.db,
        sql`SELECT current_setting('DateStyle') AS datestyle, current_setting('default_transaction_isolation') AS isolation`,
      );
      expect(settings?.datestyle).toMatch(/^ISO,/);
      expect(settings?.isolation).toBe('read committed');

      const document = await upload(a, 'settings document');
      const email = `settings.${document.id}@example.com`;
      const input = (title: string) => ({ documentId: document.id, title, documentType: 'contract', signerName: 'Grace Hopper', signerEmail: email });
      const [fromA, fromB] = await Promise.all([createSigningRequest(a, input('from A')), createSigningRequest(b, input('from B'))]);
      expect(fromA.request.signer.id).toBe(fromB.request.signer.id);

      const auth = new SoftAuthenticator({ origin: TEST_ORIGIN, rpId: TEST_RP_ID });
      const assertion = auth.assert(await registerAndBegin(a, fromA.token, auth));
      const results = await Promise.allSettled([completeSigning(a, fromA.token, assertion, meta), completeSigning(b, fromA.token, assertion, meta)]);
      const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      expect(lost).toHaveLength(1);
      expect(lost[0]!.reason).toBeInstanceOf(AppError);
      const view = await getSigningRequest(b, fromA.request.id);
      expect(view.status).toBe('signed');
      expect(view.signedAt).toBe('2026-03-01T12:00:00.000Z');
      expect(view.document.createdAt).toBe('2026-03-01T12:00:00.000Z');
      expect(view.expiresAt).toBe('2026-03-02T12:00:00.000Z');
      expect(await countRecords(a, fromA.request.id)).toBe(1);
    });
  });
});

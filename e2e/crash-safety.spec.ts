import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { HttpClient } from '../bench/http-load';
import { verifyBundle } from '../lib/evidence/verify-countersignature-member';
import postgres from 'postgres';
import { SoftAuthenticator } from '../test/support/soft-authenticator';
import { runCli, serverEnv, startServerProcess, waitHealthy, type ServerProcess } from './fixtures/server-process';

/**
 * A 201 means durable: the real server process under concurrent uploads, request creations and
 * signings is killed with SIGKILL (its whole process group, no handler runs), restarted on the same
 * data, and everything it acknowledged must be there, verify, and audit clean. Two rounds on the same
 * data, on the embedded database and on PostgreSQL. Not a browser test: it needs the production
 * build, which exists in this stage of `npm test`.
 */

interface Acknowledged {
  requests: string[];
  records: { id: string; ledgerIndex: number }[];
}

type Begin = { kind: 'registration' | 'signing'; options: { challenge: string } };

/** One worker's loop: upload → request → register a passkey → sign, until the server goes away. */
async function worker(client: HttpClient, origin: string, ack: Acknowledged, stop: { now: boolean }): Promise<void> {
  while (!stop.now) {
    // Every request has a new signer, so a new phone: one passkey registered for two signers would
    // be refused as an already registered credential ID.
    const authenticator = new SoftAuthenticator({ origin, rpId: 'localhost' });
    try {
      const bytes = randomBytes(2048);
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      const up = await client.request('POST', '/api/documents', { body: bytes, headers: { 'content-type': 'application/octet-stream', 'x-signet-sha256': sha256 } });
      if (up.status !== 201) throw new Error(`upload: ${up.status} ${up.body}`);
      const { id: documentId } = JSON.parse(up.body) as { id: string };
      const created = await client.json<{ token: string; request: { id: string } }>(
        'POST',
        '/api/requests',
        { documentId, title: 'Crash contract', documentType: 'contract', signerName: 'Crash Signer' },
        201,
      );
      ack.requests.push(created.request.id);
      const base = `/api/ceremonies/${created.token}`;
      const reg = await client.json<Begin>('POST', `${base}/begin`, undefined, 200);
      await client.json('POST', `${base}/registration`, { response: authenticator.register(reg.options.challenge) }, 201);
      const sign = await client.json<Begin>('POST', `${base}/begin`, undefined, 200);
      const done = await client.json<{ recordId: string; ledgerIndex: number }>('POST', `${base}/complete`, { response: authenticator.assert(sign.options.challenge, { counter: 0 }) }, 201);
      ack.records.push({ id: done.recordId, ledgerIndex: done.ledgerIndex });
    } catch (e) {
      if (stop.now) return; // the crash cut this call off: it was never acknowledged
      throw e;
    }
  }
}

/** Loads the server with `concurrency` workers and SIGKILLs it once `records` signings are acknowledged. */
async function loadThenCrash(server: ServerProcess, apiKey: string, ack: Acknowledged, records: number): Promise<void> {
  const client = new HttpClient(server.port, 16, { authorization: `Bearer ${apiKey}` });
  const stop = { now: false };
  const target = ack.records.length + records;
  const workers = Array.from({ length: 12 }, () => worker(client, server.origin, ack, stop));
  const failed = Promise.all(workers).then(() => null, (e: unknown) => e);
  while (ack.records.length < target) {
    const early = await Promise.race([failed, new Promise((r) => setTimeout(() => r('tick'), 50))]);
    if (early !== 'tick') throw new Error(`a call failed before the crash: ${String(early)}\n${server.output().slice(-3000)}`);
  }
  stop.now = true;
  await server.crash(); // mid-load: calls are in flight right now
  expect(await failed).toBeNull();
  client.close();
}

/** Every acknowledged request and signing is there after the restart, and each bundle verifies. */
async function checkAcknowledged(server: ServerProcess, apiKey: string, ack: Acknowledged): Promise<void> {
  const client = new HttpClient(server.port, 8, { authorization: `Bearer ${apiKey}` });
  try {
    for (const id of ack.requests) expect((await client.request('GET', `/api/requests/${id}`)).status, `request ${id}`).toBe(200);
    for (const r of ack.records) {
      const res = await client.request('GET', `/api/records/${r.id}/evidence`);
      expect(res.status, `evidence of ${r.id}`).toBe(200);
      const report = await verifyBundle(JSON.parse(res.body));
      expect(report.checks.filter((c) => !c.ok), `evidence of ${r.id}`).toEqual([]);
    }
    const indexes = ack.records.map((r) => r.ledgerIndex);
    expect(new Set(indexes).size).toBe(indexes.length);
  } finally {
    client.close();
  }
}

/**
 * A fresh database on the PostgreSQL server `npm test` starts for this stage (TEST_DATABASE_URL, from
 * scripts/pg-temp.mjs); drop() removes it.
 */
async function freshPostgresDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const admin = process.env.TEST_DATABASE_URL;
  if (!admin) throw new Error('expected TEST_DATABASE_URL (run through `node scripts/pg-temp.mjs -- playwright test`, as npm test does)');
  const name = `signet_crash_${process.pid}_${Date.now().toString(36)}`;
  const sql = postgres(admin, { max: 1, onnotice: () => {} });
  await sql.unsafe(`CREATE DATABASE "${name}"`);
  await sql.end();
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const again = postgres(admin, { max: 1, onnotice: () => {} });
      await again.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await again.end();
    },
  };
}

for (const backend of ['embedded', 'postgres'] as const) {
  test(`SIGKILL mid-load loses no acknowledged write (${backend}, two rounds)`, async () => {
    test.skip(backend === 'postgres' && !process.env.TEST_DATABASE_URL && !process.env.CI, 'no TEST_DATABASE_URL: run through npm test');
    test.setTimeout(420_000);
    const dataDir = await mkdtemp(path.join(os.tmpdir(), `signet-crash-${backend}-`));
    let pg: { url: string; drop: () => Promise<void> } | undefined;
    let server: ServerProcess | undefined;
    try {
      const extra: Record<string, string> = {};
      if (backend === 'postgres') {
        pg = await freshPostgresDatabase();
        extra.DATABASE_URL = pg.url;
      }
      const port = backend === 'embedded' ? 3411 : 3412;
      const env = serverEnv(dataDir, port, extra);
      server = startServerProcess(dataDir, port, extra);
      await waitHealthy(server);
      // The API key comes from the CLI while the server runs (through the owner's socket when embedded).
      const key = await runCli('admin:api-key', ['--role', 'uploader', '--name', 'crash-test'], env);
      expect(key.code, key.stderr).toBe(0);
      const apiKey = /sk_[A-Za-z0-9_-]+/.exec(key.stdout)?.[0] ?? '';
      expect(apiKey).not.toBe('');

      const ack: Acknowledged = { requests: [], records: [] };
      for (const round of [1, 2]) {
        await loadThenCrash(server, apiKey, ack, 12);
        server = startServerProcess(dataDir, port, extra);
        await waitHealthy(server);
        await checkAcknowledged(server, apiKey, ack);
        const audit = await runCli('audit:verify', [], env);
        expect(audit.code, `round ${round}: ${audit.stdout}${audit.stderr}`).toBe(0);
        expect(audit.stdout).toContain('no discrepancy');
      }
      expect(await server.stop()).toBe(0);
    } finally {
      if (server && server.child.exitCode === null) await server.crash();
      await pg?.drop();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
}

test('a second server on a DATA_DIR in use exits 78 at once, saying who holds it; CLIs work beside the first', async () => {
  test.setTimeout(180_000);
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'signet-owner-'));
  const first = startServerProcess(dataDir, 3413);
  try {
    await waitHealthy(first);
    const started = Date.now();
    const second = startServerProcess(dataDir, 3414);
    const code = await second.exited;

    expect(code).toBe(78);
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(second.output()).toContain(`is in use by process ${first.child.pid} (server`);
    const env = serverEnv(dataDir, 3413);
    const checks = await runCli('certs:check', [], env);
    expect(checks.code, checks.stderr).toBe(0);
    expect(checks.stdout).toMatch(/^VALID: /);
    const invite = await runCli('admin:invite', ['--role', 'admin', '--name', 'Recovery Admin'], env);
    expect(invite.code, invite.stderr).toBe(0);
    expect(invite.stdout).toContain('http://localhost:3413/enrol/');
    expect((await fetch('http://127.0.0.1:3413/api/health')).status).toBe(200);
    expect(await first.stop()).toBe(0);
  } finally {
    if (first.child.exitCode === null) await first.crash();
    await rm(dataDir, { recursive: true, force: true });
  }
});

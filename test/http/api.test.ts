import { createHash } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashLeaf } from '@/lib/ledger/merkle-hash';
import { verifyCheckpoint } from '@/lib/ledger/verify-checkpoint';
import { verifyConsistency } from '@/lib/ledger/verify-consistency';
import { verifyInclusion } from '@/lib/ledger/verify-inclusion';
import { SoftAuthenticator } from '@/test/support/soft-authenticator';

/**
 * The route handlers themselves (app/api/**), called with real Requests on a real embedded database:
 * what parsing, status codes and the error envelope look like to an API client.
 */
const ORIGIN = 'http://localhost:3998';
let dataDir: string;

/**
 * Staff routes need an identity: every Request built in this file carries an admin API key
 * (created through lib in beforeAll) unless it sets Authorization itself. Public and signer-token
 * routes ignore it; test/http/access-matrix.test.ts covers who is refused.
 */
let bearer = '';
const NativeRequest = globalThis.Request;
class Request extends NativeRequest {
  constructor(input: RequestInfo | URL, init?: RequestInit) {
    super(input, init);
    if (bearer && !this.headers.has('authorization')) this.headers.set('authorization', `Bearer ${bearer}`);
  }
}

type Routes = {
  health: typeof import('@/app/api/health/route');
  documents: typeof import('@/app/api/documents/route');
  requests: typeof import('@/app/api/requests/route');
  request: typeof import('@/app/api/requests/[id]/route');
  events: typeof import('@/app/api/requests/[id]/events/route');
  ceremony: typeof import('@/app/api/ceremonies/[token]/route');
  begin: typeof import('@/app/api/ceremonies/[token]/begin/route');
  registration: typeof import('@/app/api/ceremonies/[token]/registration/route');
  complete: typeof import('@/app/api/ceremonies/[token]/complete/route');
  decline: typeof import('@/app/api/ceremonies/[token]/decline/route');
  document: typeof import('@/app/api/ceremonies/[token]/document/route');
  evidence: typeof import('@/app/api/records/[id]/evidence/route');
  openapi: typeof import('@/app/api/openapi.json/route');
  checkpoint: typeof import('@/app/api/ledger/checkpoint/route');
  key: typeof import('@/app/api/ledger/key/route');
  entry: typeof import('@/app/api/ledger/entries/[index]/route');
  inclusion: typeof import('@/app/api/ledger/proof/inclusion/route');
  consistency: typeof import('@/app/api/ledger/proof/consistency/route');
};
let r: Routes;

const params = <P>(p: P) => ({ params: Promise.resolve(p) });
const json = (url: string, body: unknown, method = 'POST') =>
  new Request(`${ORIGIN}${url}`, { method, headers: { 'content-type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) });
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

async function upload(bytes: Buffer, claimed = sha(bytes)): Promise<Response> {
  return r.documents.POST(
    new Request(`${ORIGIN}/api/documents`, {
      method: 'POST',
      headers: { 'content-type': 'application/pdf', 'x-signet-sha256': claimed, 'x-signet-filename': encodeURIComponent('../../etc/passwd <b>.pdf') },
      body: new Uint8Array(bytes),
    }),
    params({}),
  );
}

/** Signs one new request through the route handlers; returns the completion response body. */
async function signThroughRoutes(): Promise<{ recordId: string; ledgerIndex: number }> {
  const { token } = await createRequest();
  const auth = new SoftAuthenticator({ origin: ORIGIN, rpId: 'localhost' });
  const t = params({ token });
  const reg = (await (await r.begin.POST(new Request(`${ORIGIN}/x`, { method: 'POST' }), t)).json()) as { options: { challenge: string } };
  await r.registration.POST(json('/x', { response: auth.register(reg.options.challenge) }), t);
  const sig = (await (await r.begin.POST(new Request(`${ORIGIN}/x`, { method: 'POST' }), t)).json()) as { options: { challenge: string } };
  const done = await r.complete.POST(json('/x', { response: auth.assert(sig.options.challenge) }), t);
  expect(done.status).toBe(201);
  return (await done.json()) as { recordId: string; ledgerIndex: number };
}

async function createRequest(): Promise<{ token: string; request: { id: string } }> {
  const doc = (await (await upload(Buffer.from(`%PDF-1.4 ${Math.random()}`))).json()) as { id: string };
  const res = await r.requests.POST(json('/api/requests', { documentId: doc.id, title: 'NDA', documentType: 'contract', signerName: 'Ada' }), params({}));
  expect(res.status).toBe(201);
  return (await res.json()) as { token: string; request: { id: string } };
}

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'signet-http-'));
  Object.assign(process.env, { ORIGIN, DATA_DIR: dataDir, UPLOAD_MAX_BYTES: '64KiB' });
  delete process.env.DATABASE_URL;
  r = {
    health: await import('@/app/api/health/route'),
    documents: await import('@/app/api/documents/route'),
    requests: await import('@/app/api/requests/route'),
    request: await import('@/app/api/requests/[id]/route'),
    events: await import('@/app/api/requests/[id]/events/route'),
    ceremony: await import('@/app/api/ceremonies/[token]/route'),
    begin: await import('@/app/api/ceremonies/[token]/begin/route'),
    registration: await import('@/app/api/ceremonies/[token]/registration/route'),
    complete: await import('@/app/api/ceremonies/[token]/complete/route'),
    decline: await import('@/app/api/ceremonies/[token]/decline/route'),
    document: await import('@/app/api/ceremonies/[token]/document/route'),
    evidence: await import('@/app/api/records/[id]/evidence/route'),
    openapi: await import('@/app/api/openapi.json/route'),
    checkpoint: await import('@/app/api/ledger/checkpoint/route'),
    key: await import('@/app/api/ledger/key/route'),
    entry: await import('@/app/api/ledger/entries/[index]/route'),
    inclusion: await import('@/app/api/ledger/proof/inclusion/route'),
    consistency: await import('@/app/api/ledger/proof/consistency/route'),
  };
  const { appContext } = await import('@/lib/context');
  const { createApiKey } = await import('@/lib/auth/api-keys');
  bearer = (await createApiKey(await appContext(), { name: 'http-test', roles: ['admin'] })).key;
});

afterAll(async () => {
  const { appContext } = await import('@/lib/context');
  await (await appContext()).database.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('HTTP API', () => {
  it('GET /api/health answers 503 {"status":"starting"} until server start has finished, then {"status":"ok"}', async () => {
    const starting = await r.health.GET(new Request(`${ORIGIN}/api/health`), params({}));
    expect(starting.status).toBe(503);
    expect(await starting.json()).toMatchObject({ status: 'starting', error: { code: 'STARTING' } });

    (await import('@/lib/health/readiness')).markReady();
    const res = await r.health.GET(new Request(`${ORIGIN}/api/health`), params({}));
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ok' });
  });

  it('serves OpenAPI 3.1 with the ORIGIN as server', async () => {
    const res = await r.openapi.GET(new Request(`${ORIGIN}/api/openapi.json`), params({}));
    const spec = (await res.json()) as { openapi: string; servers: { url: string }[] };
    expect(spec.openapi).toBe('3.1.0');
    expect(spec.servers[0]?.url).toBe(ORIGIN);
  });

  it('uploads a document, keeping the hostile file name as data only', async () => {
    const bytes = Buffer.from('%PDF-1.4 hello');
    const res = await upload(bytes);
    expect(res.status).toBe(201);
    const doc = (await res.json()) as { sha256: string; name: string };
    expect(doc.sha256).toBe(sha(bytes));
    expect(doc.name).toBe('../../etc/passwd <b>.pdf');
    expect(await readdir(path.join(dataDir, 'blobs', doc.sha256.slice(0, 2), doc.sha256.slice(2, 4)))).toEqual([doc.sha256]);
  });

  it('refuses a hash claim mismatch with 422 HASH_MISMATCH in the error envelope', async () => {
    const res = await upload(Buffer.from('abc'), sha(Buffer.from('abd')));
    expect(res.status).toBe(422);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('HASH_MISMATCH');
    expect(body.error.message).toContain(sha(Buffer.from('abc')));
  });

  it('refuses an oversized upload with 413 FILE_TOO_LARGE and an empty one with EMPTY_FILE', async () => {
    const big = Buffer.alloc(65 * 1024, 1);
    expect((await upload(big)).status).toBe(413);
    const empty = await upload(Buffer.alloc(0));
    expect(empty.status).toBe(400);
    expect(((await empty.json()) as { error: { code: string } }).error.code).toBe('EMPTY_FILE');
    expect(await readdir(path.join(dataDir, 'blobs', 'tmp'))).toEqual([]);
  });

  it('refuses a body that is not JSON with MALFORMED_JSON and a wrong field with VALIDATION_FAILED', async () => {
    const bad = await r.requests.POST(json('/api/requests', '{"documentId": '), params({}));
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe('MALFORMED_JSON');
    const invalid = await r.requests.POST(json('/api/requests', { documentId: 'nope', title: '', documentType: 'contract', signerName: 'A' }), params({}));
    const body = (await invalid.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('VALIDATION_FAILED');
    expect(body.error.message).toMatch(/documentId/);
    const list = await r.requests.GET(new Request(`${ORIGIN}/api/requests?status=bogus`), params({}));
    expect(list.status).toBe(400);
  });

  it('answers 404 with a code for unknown ids and tokens', async () => {
    const req = await r.request.GET(new Request(`${ORIGIN}/api/requests/x`), params({ id: '00000000-0000-4000-8000-000000000000' }));
    expect(req.status).toBe(404);
    const cer = await r.ceremony.GET(new Request(`${ORIGIN}/api/ceremonies/x`), params({ token: 'AAAAAAAAAAAAAAAAAAAAAA' }));
    expect(((await cer.json()) as { error: { code: string } }).error.code).toBe('TOKEN_UNKNOWN');
    const ev = await r.evidence.GET(new Request(`${ORIGIN}/api/records/x/evidence`), params({ id: 'not-a-uuid' }));
    expect(ev.status).toBe(404);
  });

  it('runs a whole ceremony over the route handlers and streams the status as Server-Sent Events', async () => {
    const { token, request } = await createRequest();
    const abort = new AbortController();
    const sse = await r.events.GET(new Request(`${ORIGIN}/api/requests/${request.id}/events`, { signal: abort.signal }), params({ id: request.id }));
    expect(sse.headers.get('content-type')).toContain('text/event-stream');
    const reader = sse.body!.getReader();
    const first = new TextDecoder().decode((await reader.read()).value) + new TextDecoder().decode((await reader.read()).value);
    expect(first).toContain('"status":"pending"');

    const auth = new SoftAuthenticator({ origin: ORIGIN, rpId: 'localhost' });
    const t = params({ token });
    const doc = await r.document.GET(new Request(`${ORIGIN}/api/ceremonies/${token}/document`), t);
    expect(doc.headers.get('content-security-policy')).toContain('sandbox');
    const reg = (await (await r.begin.POST(new Request(`${ORIGIN}/x`, { method: 'POST' }), t)).json()) as { kind: string; options: { challenge: string } };
    expect(reg.kind).toBe('registration');
    const regRes = await r.registration.POST(json('/x', { response: auth.register(reg.options.challenge) }), t);
    expect(regRes.status).toBe(201);
    const sig = (await (await r.begin.POST(new Request(`${ORIGIN}/x`, { method: 'POST' }), t)).json()) as { kind: string; options: { challenge: string } };
    expect(sig.kind).toBe('signing');

    const garbled = await r.complete.POST(json('/x', { response: { id: 'a', rawId: 'a', type: 'public-key', response: { clientDataJSON: '!!', authenticatorData: 'x', signature: 'y' } } }), t);
    expect(((await garbled.json()) as { error: { code: string } }).error.code).toBe('VALIDATION_FAILED');

    const done = await r.complete.POST(
      new Request(`${ORIGIN}/x`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': '203.0.113.9', 'user-agent': 'PhoneTest/1' }, body: JSON.stringify({ response: auth.assert(sig.options.challenge) }) }),
      t,
    );
    expect(done.status).toBe(201);
    const { recordId } = (await done.json()) as { recordId: string };

    let text = '';
    while (!text.includes('"status":"signed"')) {
      const chunk = await reader.read();
      if (chunk.done) break;
      text += new TextDecoder().decode(chunk.value);
    }
    expect(text).toContain('"status":"signed"');
    abort.abort();

    const evidence = await r.evidence.GET(new Request(`${ORIGIN}/api/records/${recordId}/evidence`), params({ id: recordId }));
    expect(evidence.headers.get('content-disposition')).toContain('attachment');
    const { verifyEvidence } = await import('@/lib/evidence/verify-evidence');
    expect((await verifyEvidence(await evidence.json())).ok).toBe(true);

    const again = await r.decline.POST(json('/x', { reason: 'too late' }), t);
    expect(again.status).toBe(409);
    expect(((await again.json()) as { error: { code: string } }).error.code).toBe('REQUEST_ALREADY_SIGNED');
  });

  it('serves the ledger: signed checkpoint, verifier key, entries and proofs that verify', async () => {
    const getCheckpoint = async (): Promise<string> => (await r.checkpoint.GET(new Request(`${ORIGIN}/api/ledger/checkpoint`), params({}))).text();
    await signThroughRoutes();
    const { ledgerIndex } = await signThroughRoutes();
    const earlierNote = await getCheckpoint();
    await signThroughRoutes();

    const cpRes = await r.checkpoint.GET(new Request(`${ORIGIN}/api/ledger/checkpoint`), params({}));
    expect(cpRes.headers.get('content-type')).toContain('text/plain');
    const note = await cpRes.text();
    const key = (await (await r.key.GET(new Request(`${ORIGIN}/api/ledger/key`), params({}))).text()).trim();
    expect(key).toMatch(/^localhost:3998\/ledger\+[0-9a-f]{8}\+[A-Za-z0-9+/]{44}$/);
    const cp = verifyCheckpoint(note, key, { expectedOrigin: 'localhost:3998/ledger' });
    expect(cp.treeSize).toBeGreaterThan(ledgerIndex + 1);

    const entry = (await (await r.entry.GET(new Request(`${ORIGIN}/x`), params({ index: String(ledgerIndex) }))).json()) as { index: number; data: string };
    expect(entry.index).toBe(ledgerIndex);
    const leaf = Buffer.from(entry.data, 'base64');
    expect(leaf.toString('ascii')).toMatch(/^signet\.ledger\.signature\/v1\nrecord-id:/);

    const incRes = await r.inclusion.GET(new Request(`${ORIGIN}/x?index=${ledgerIndex}&treeSize=${cp.treeSize}`), params({}));
    const inc = (await incRes.json()) as { index: number; treeSize: number; hashes: string[] };
    expect(inc).toMatchObject({ index: ledgerIndex, treeSize: cp.treeSize });
    verifyInclusion(hashLeaf(leaf), ledgerIndex, cp.treeSize, inc.hashes.map((h) => Buffer.from(h, 'base64')), cp.rootHash);

    const earlier = verifyCheckpoint(earlierNote, key);
    expect(earlier.treeSize).toBe(ledgerIndex + 1);
    const conRes = await r.consistency.GET(new Request(`${ORIGIN}/x?from=${earlier.treeSize}&to=${cp.treeSize}`), params({}));
    const con = (await conRes.json()) as { from: number; to: number; hashes: string[] };
    expect(con).toMatchObject({ from: earlier.treeSize, to: cp.treeSize });
    verifyConsistency(earlier.treeSize, cp.treeSize, con.hashes.map((h) => Buffer.from(h, 'base64')), earlier.rootHash, cp.rootHash);
  });

  it('refuses bad ledger parameters with 400 and a catalogued code, changing nothing', async () => {
    const before = await (await r.checkpoint.GET(new Request(`${ORIGIN}/x`), params({}))).text();
    const size = Number(before.split('\n')[1]);
    const cases: [string, Promise<Response>, string][] = [
      ['entry -1', r.entry.GET(new Request(`${ORIGIN}/x`), params({ index: '-1' })), 'LEDGER_BAD_PARAMETER'],
      ['entry abc', r.entry.GET(new Request(`${ORIGIN}/x`), params({ index: 'abc' })), 'LEDGER_BAD_PARAMETER'],
      ['entry 01', r.entry.GET(new Request(`${ORIGIN}/x`), params({ index: '01' })), 'LEDGER_BAD_PARAMETER'],
      ['entry 1e3', r.entry.GET(new Request(`${ORIGIN}/x`), params({ index: '1e3' })), 'LEDGER_BAD_PARAMETER'],
      ['entry beyond the log', r.entry.GET(new Request(`${ORIGIN}/x`), params({ index: String(size) })), 'LEDGER_RANGE'],
      ['inclusion without treeSize', r.inclusion.GET(new Request(`${ORIGIN}/x?index=0`), params({})), 'LEDGER_BAD_PARAMETER'],
      ['inclusion negative index', r.inclusion.GET(new Request(`${ORIGIN}/x?index=-1&treeSize=1`), params({})), 'LEDGER_BAD_PARAMETER'],
      ['inclusion 2^53', r.inclusion.GET(new Request(`${ORIGIN}/x?index=0&treeSize=9007199254740992`), params({})), 'LEDGER_BAD_PARAMETER'],
      ['inclusion index = treeSize', r.inclusion.GET(new Request(`${ORIGIN}/x?index=1&treeSize=1`), params({})), 'LEDGER_RANGE'],
      ['inclusion treeSize 0', r.inclusion.GET(new Request(`${ORIGIN}/x?index=0&treeSize=0`), params({})), 'LEDGER_RANGE'],
      ['inclusion beyond the log', r.inclusion.GET(new Request(`${ORIGIN}/x?index=0&treeSize=${size + 1}`), params({})), 'LEDGER_RANGE'],
      ['consistency non-numeric', r.consistency.GET(new Request(`${ORIGIN}/x?from=one&to=2`), params({})), 'LEDGER_BAD_PARAMETER'],
      ['consistency from > to', r.consistency.GET(new Request(`${ORIGIN}/x?from=2&to=1`), params({})), 'LEDGER_RANGE'],
      ['consistency beyond the log', r.consistency.GET(new Request(`${ORIGIN}/x?from=1&to=${size + 1}`), params({})), 'LEDGER_RANGE'],
    ];
    for (const [name, pending, code] of cases) {
      const res = await pending;
      const body = (await res.json()) as { error: { code: string; message: string } };
      expect(res.status, name).toBe(400);
      expect(body.error.code, name).toBe(code);
      expect(body.error.message, name).toMatch(/^expected .+got/);
    }
    const after = await (await r.checkpoint.GET(new Request(`${ORIGIN}/x`), params({}))).text();
    expect(after).toBe(before);
  });
});

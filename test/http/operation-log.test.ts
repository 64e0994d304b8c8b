import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { desc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '@/db/client';
import type { Context } from '@/lib/context';

/**
 * The operation log as the route handlers write it: who, what, on what, with which outcome, from
 * where; refusals included; an X-Request-Id on every answer that finds its log entry.
 */
const ORIGIN = 'http://localhost:3997';
let dataDir: string;
let ctx: Context;
let documents: typeof import('@/app/api/documents/route');
let requests: typeof import('@/app/api/requests/route');
let ceremony: typeof import('@/app/api/ceremonies/[token]/route');
let begin: typeof import('@/app/api/ceremonies/[token]/begin/route');
/** Staff routes need an identity: an uploader API key, created through lib in beforeAll. */
let auth: Record<string, string> = {};

const params = <P>(p: P) => ({ params: Promise.resolve(p) });
const PDF = Buffer.from('%PDF-1.4\n% operation log test\n');
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

function uploadRequest(bytes: Buffer, headers: Record<string, string> = {}): Request {
  return new Request(`${ORIGIN}/api/documents`, {
    method: 'POST',
    headers: { ...auth, 'content-type': 'application/pdf', 'x-signet-sha256': sha(bytes), 'user-agent': 'op-log-test/1.0', 'x-signet-peer-ip': '203.0.113.7', ...headers },
    body: new Uint8Array(bytes),
  });
}

async function opsFor(requestId: string) {
  return ctx.db.select().from(schema.operations).where(eq(schema.operations.requestId, requestId));
}

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'signet-oplog-'));
  Object.assign(process.env, { ORIGIN, DATA_DIR: dataDir, UPLOAD_MAX_BYTES: '64KiB', SIGNET_PEER_HEADER: '1', RATE_LIMIT_UPLOAD: '1000/min' });
  delete process.env.DATABASE_URL;
  delete process.env.TRUST_PROXY;
  documents = await import('@/app/api/documents/route');
  requests = await import('@/app/api/requests/route');
  ceremony = await import('@/app/api/ceremonies/[token]/route');
  begin = await import('@/app/api/ceremonies/[token]/begin/route');
  ctx = await (await import('@/lib/context')).appContext();
  const { createApiKey } = await import('@/lib/auth/api-keys');
  auth = { authorization: `Bearer ${(await createApiKey(ctx, { name: 'op-log uploader', roles: ['uploader'] })).key}` };
});

afterAll(async () => {
  await ctx.database.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('operation log (routes)', () => {
  it('records a successful upload with actor, target, outcome, IP, user agent and the X-Request-Id', async () => {
    const res = await documents.POST(uploadRequest(PDF), params({}));
    expect(res.status).toBe(201);
    const requestId = res.headers.get('x-request-id')!;
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    const doc = (await res.json()) as { id: string };
    const [op, ...rest] = await opsFor(requestId);
    expect(rest).toEqual([]);
    expect(op).toMatchObject({ action: 'document.upload', actorKind: 'api_key', actorName: 'op-log uploader', targetType: 'document', targetId: doc.id, outcome: 'ok', errorCode: null, ip: '203.0.113.7', userAgent: 'op-log-test/1.0' });
    expect(op!.details).toMatchObject({ sha256: sha(PDF), size: PDF.length });
  });

  it('records a refused upload with its error code, and the refusal changed nothing else', async () => {
    const before = await ctx.db.select().from(schema.documents);
    const res = await documents.POST(uploadRequest(PDF, { 'x-signet-sha256': '0'.repeat(64) }), params({}));
    expect(res.status).toBe(422);
    const [op] = await opsFor(res.headers.get('x-request-id')!);
    expect(op).toMatchObject({ action: 'document.upload', outcome: 'refused', errorCode: 'HASH_MISMATCH', targetId: null });
    expect(await ctx.db.select().from(schema.documents)).toEqual(before);
  });

  it('ignores a client-sent X-Forwarded-For unless TRUST_PROXY is set', async () => {
    const res = await documents.POST(uploadRequest(PDF, { 'x-forwarded-for': '198.51.100.1' }), params({}));
    const [op] = await opsFor(res.headers.get('x-request-id')!);
    expect(op!.ip).toBe('203.0.113.7');
  });

  it('logs the phone-side calls against the request and its signer; a bad token is refused and logged without the token', async () => {
    const up = (await (await documents.POST(uploadRequest(Buffer.from('%PDF-1.4\n% second\n')), params({}))).json()) as { id: string };
    const created = await requests.POST(
      new Request(`${ORIGIN}/api/requests`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ documentId: up.id, title: 'NDA', documentType: 'contract', signerName: 'Ada' }) }),
      params({}),
    );
    const { token, request } = (await created.json()) as { token: string; request: { id: string } };
    const [create] = await opsFor(created.headers.get('x-request-id')!);
    expect(create).toMatchObject({ action: 'request.create', targetType: 'request', targetId: request.id, outcome: 'ok' });

    const opened = await ceremony.GET(new Request(`${ORIGIN}/api/ceremonies/${token}`), params({ token }));
    expect(opened.status).toBe(200);
    const [open] = await opsFor(opened.headers.get('x-request-id')!);
    expect(open).toMatchObject({ action: 'request.open', actorKind: 'signer', actorName: 'Ada', targetId: request.id, outcome: 'ok' });

    const bad = 'A'.repeat(22);
    const refused = await begin.POST(new Request(`${ORIGIN}/api/ceremonies/${bad}/begin`, { method: 'POST' }), params({ token: bad }));
    expect(refused.status).toBe(404);
    const [op] = await opsFor(refused.headers.get('x-request-id')!);
    expect(op).toMatchObject({ action: 'request.sign_begin', actorKind: 'signer', outcome: 'refused', errorCode: 'TOKEN_UNKNOWN', targetId: null });
    expect(JSON.stringify(op)).not.toContain(bad);
  });

  it('does not log successful reads, but answers them with an X-Request-Id', async () => {
    const count = async () => (await ctx.db.select({ id: schema.operations.id }).from(schema.operations)).length;
    const before = await count();
    const res = await requests.GET(new Request(`${ORIGIN}/api/requests`, { headers: auth }), params({}));
    expect(res.status).toBe(200);
    expect(res.headers.get('x-request-id')).toBeTruthy();
    expect(await count()).toBe(before);
    const refused = await requests.GET(new Request(`${ORIGIN}/api/requests?status=nonsense`, { headers: auth }), params({}));
    expect(refused.status).toBe(400);
    const [latest] = await ctx.db.select().from(schema.operations).orderBy(desc(schema.operations.at)).limit(1);
    expect(latest).toMatchObject({ action: 'request.list', outcome: 'refused', errorCode: 'VALIDATION_FAILED' });
  });
});

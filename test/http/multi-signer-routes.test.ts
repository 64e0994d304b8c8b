import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '@/db/client';
import type { Context } from '@/lib/context';
import type { CreatedSigningRequest } from '@/lib/signing/create-signing-request';

/**
 * The multi-signer and lifecycle routes end to end over their handlers: the API shapes, the codes a
 * phone sees (SIGNER_NOT_YET, REQUEST_CANCELLED), and an operation-log entry naming the acting staff
 * member (here an uploader API key) for every lifecycle verb.
 */
const ORIGIN = 'http://localhost:3996';
let dataDir: string;
let ctx: Context;
let auth: Record<string, string> = {};
let routes: {
  documents: typeof import('@/app/api/documents/route');
  requests: typeof import('@/app/api/requests/route');
  cancel: typeof import('@/app/api/requests/[id]/cancel/route');
  extend: typeof import('@/app/api/requests/[id]/extend/route');
  reRequest: typeof import('@/app/api/requests/[id]/re-request/route');
  link: typeof import('@/app/api/requests/[id]/link/route');
  ceremony: typeof import('@/app/api/ceremonies/[token]/route');
  begin: typeof import('@/app/api/ceremonies/[token]/begin/route');
};

const params = <P>(p: P) => ({ params: Promise.resolve(p) });
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const post = (url: string, body?: unknown) =>
  new Request(`${ORIGIN}${url}`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });

async function create(body: Record<string, unknown>): Promise<Response> {
  const bytes = Buffer.from(`%PDF-1.4\n% multi ${Math.random()}\n`);
  const up = await routes.documents.POST(
    new Request(`${ORIGIN}/api/documents`, { method: 'POST', headers: { ...auth, 'content-type': 'application/pdf', 'x-signet-sha256': sha(bytes) }, body: new Uint8Array(bytes) }),
    params({}),
  );
  const doc = (await up.json()) as { id: string };
  return routes.requests.POST(post('/api/requests', { documentId: doc.id, title: 'Joint venture', documentType: 'contract', ...body }), params({}));
}

const opOf = async (res: Response) => (await ctx.db.select().from(schema.operations).where(eq(schema.operations.requestId, res.headers.get('x-request-id')!)))[0];

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'signet-multi-routes-'));
  Object.assign(process.env, { ORIGIN, DATA_DIR: dataDir, UPLOAD_MAX_BYTES: '64KiB', RATE_LIMIT_UPLOAD: '1000/min' });
  delete process.env.DATABASE_URL;
  routes = {
    documents: await import('@/app/api/documents/route'),
    requests: await import('@/app/api/requests/route'),
    cancel: await import('@/app/api/requests/[id]/cancel/route'),
    extend: await import('@/app/api/requests/[id]/extend/route'),
    reRequest: await import('@/app/api/requests/[id]/re-request/route'),
    link: await import('@/app/api/requests/[id]/link/route'),
    ceremony: await import('@/app/api/ceremonies/[token]/route'),
    begin: await import('@/app/api/ceremonies/[token]/begin/route'),
  };
  ctx = await (await import('@/lib/context')).appContext();
  const { createApiKey } = await import('@/lib/auth/api-keys');
  auth = { authorization: `Bearer ${(await createApiKey(ctx, { name: 'desk clerk', roles: ['uploader'] })).key}` };
});

afterAll(async () => {
  await ctx.database.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('several signers and the lifecycle over the routes', () => {
  it('creates three sequential signers with their own links; the third waits (200) and may not begin (409 SIGNER_NOT_YET)', async () => {
    const res = await create({ signers: [{ name: 'Ada', email: 'ada@example.com' }, { name: 'Grace' }, { name: 'Linus' }], order: 'sequential' });
    expect(res.status).toBe(201);
    const made = (await res.json()) as CreatedSigningRequest;
    expect(made.signers.map((s) => [s.name, s.step, s.status])).toEqual([['Ada', 1, 'pending'], ['Grace', 2, 'pending'], ['Linus', 3, 'pending']]);
    expect(made.signers.every((s) => s.signUrl.startsWith(`${ORIGIN}/s/${s.token}#`))).toBe(true);
    expect(made.request.signers).toHaveLength(3);
    const third = made.signers[2]!.token;
    const c = await routes.ceremony.GET(new Request(`${ORIGIN}/api/ceremonies/${third}`), params({ token: third }));
    expect(c.status).toBe(200);
    expect(((await c.json()) as { waitingFor: string[] }).waitingFor).toEqual(['Ada', 'Grace']);
    const b = await routes.begin.POST(new Request(`${ORIGIN}/api/ceremonies/${third}/begin`, { method: 'POST' }), params({ token: third }));
    expect(b.status).toBe(409);
    expect(((await b.json()) as { error: { code: string } }).error.code).toBe('SIGNER_NOT_YET');
  });

  it('refuses a bad signer list with 400 SIGNERS_INVALID', async () => {
    const before = await ctx.db.select({ id: schema.signingRequests.id }).from(schema.signingRequests);
    for (const signers of [[], Array.from({ length: 21 }, (_, i) => ({ name: `S${i}` })), [{ name: 'A', email: 'a@x.org' }, { name: 'B', email: 'A@x.org' }]]) {
      const res = await create({ signers });
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('SIGNERS_INVALID');
    }
    expect(await ctx.db.select({ id: schema.signingRequests.id }).from(schema.signingRequests)).toEqual(before);
  });

  it('extend, reissue, cancel and re-request, each logged with the acting staff member; the phone then answers 410 REQUEST_CANCELLED', async () => {
    const made = (await (await create({ signers: [{ name: 'Ada' }, { name: 'Grace' }], order: 'parallel' })).json()) as CreatedSigningRequest;
    const id = made.request.id;
    const until = new Date(Date.now() + 3 * 24 * 3_600_000).toISOString();
    const ext = await routes.extend.POST(post(`/api/requests/${id}/extend`, { expiresAt: until }), params({ id }));
    expect(ext.status).toBe(200);
    expect(await opOf(ext)).toMatchObject({ action: 'request.extend', actorKind: 'api_key', actorName: 'desk clerk', targetId: id, outcome: 'ok', details: { expiresAt: until } });
    const tooFar = await routes.extend.POST(post(`/api/requests/${id}/extend`, { expiresAt: new Date(Date.now() + 31 * 24 * 3_600_000).toISOString() }), params({ id }));
    expect(tooFar.status).toBe(400);
    expect(await opOf(tooFar)).toMatchObject({ action: 'request.extend', outcome: 'refused', errorCode: 'EXPIRY_OUT_OF_RANGE' });

    const link = await routes.link.POST(post(`/api/requests/${id}/link`, { signerId: made.signers[1]!.id }), params({ id }));
    expect(link.status).toBe(200);
    const fresh = (await link.json()) as { token: string; signerId: string };
    expect(fresh.signerId).toBe(made.signers[1]!.id);
    const plain = await routes.link.POST(new Request(`${ORIGIN}/api/requests/${id}/link`, { method: 'POST', headers: auth }), params({ id }));
    expect(plain.status).toBe(200);

    const live = await routes.reRequest.POST(post(`/api/requests/${id}/re-request`, {}), params({ id }));
    expect(live.status).toBe(409);
    const cancel = await routes.cancel.POST(post(`/api/requests/${id}/cancel`, { reason: 'Replaced by v2' }), params({ id }));
    expect(cancel.status).toBe(200);
    expect(await opOf(cancel)).toMatchObject({ action: 'request.cancel', actorKind: 'api_key', actorName: 'desk clerk', targetId: id, outcome: 'ok', details: { reason: 'Replaced by v2' } });
    const phone = await routes.ceremony.GET(new Request(`${ORIGIN}/api/ceremonies/${fresh.token}`), params({ token: fresh.token }));
    expect(phone.status).toBe(410);
    expect(((await phone.json()) as { error: { code: string } }).error.code).toBe('REQUEST_CANCELLED');

    const again = await routes.reRequest.POST(post(`/api/requests/${id}/re-request`, {}), params({ id }));
    expect(again.status).toBe(201);
    const next = (await again.json()) as CreatedSigningRequest;
    expect(next.request.previousRequestId).toBe(id);
    expect(await opOf(again)).toMatchObject({ action: 'request.re_request', actorName: 'desk clerk', targetId: id, details: { newRequestId: next.request.id } });
  });
});

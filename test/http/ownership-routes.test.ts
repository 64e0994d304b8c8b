import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '@/db/client';
import type { Role } from '@/lib/auth/actor';
import type { Context } from '@/lib/context';

/**
 * issue 5 §1 through the real route handlers: the actor route() resolves reaches the lib verbs, so
 * uploader B gets 404 for uploader A's request on every route, while the auditor reads it.
 */
const ORIGIN = 'http://localhost:3996';
let dataDir: string;
let ctx: Context;
type Headers = Record<string, string>;
let a: Headers, b: Headers, auditor: Headers, keyA: Headers;

async function session(roles: Role[], name: string): Promise<Headers> {
  const { enrolStaff } = await import('@/lib/auth/test-support');
  const { csrfTokenFor, cookieNames } = await import('@/lib/auth/session-cookie-names');
  const staff = await enrolStaff(ctx, roles, name);
  const names = cookieNames(ctx.config);
  const csrf = csrfTokenFor(staff.session.token);
  return { cookie: `${names.session}=${staff.session.token}; ${names.csrf}=${csrf}`, origin: ORIGIN, 'x-signet-csrf': csrf };
}

type Handler = (r: Request, c: { params: Promise<unknown> }) => Promise<Response>;
async function call(file: string, method: string, urlPath: string, headers: Headers, body?: BodyInit, params: Record<string, string> = {}): Promise<Response> {
  const mod = (await import(path.join(process.cwd(), 'app', 'api', `${file}.ts`))) as Record<string, Handler>;
  return mod[method]!(new Request(`${ORIGIN}${urlPath}`, { method, headers, body }), { params: Promise.resolve(params) });
}

async function uploadAndRequest(headers: Headers, text: string): Promise<{ documentId: string; requestId: string }> {
  const bytes = Buffer.from(`%PDF-1.4 ${text}`);
  const up = await call('documents/route', 'POST', '/api/documents', { ...headers, 'content-type': 'application/pdf', 'x-signet-sha256': createHash('sha256').update(bytes).digest('hex'), 'x-signet-filename': `${text}.pdf` }, bytes);
  expect(up.status).toBe(201);
  const documentId = ((await up.json()) as { id: string }).id;
  const created = await call('requests/route', 'POST', '/api/requests', { ...headers, 'content-type': 'application/json' }, JSON.stringify({ documentId, title: text, documentType: 'other', signerName: 'Ada' }));
  expect(created.status).toBe(201);
  return { documentId, requestId: ((await created.json()) as { request: { id: string } }).request.id };
}

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'signet-owner-'));
  Object.assign(process.env, { ORIGIN, DATA_DIR: dataDir });
  delete process.env.DATABASE_URL;
  const { appContext } = await import('@/lib/context');
  ctx = await appContext();
  const { createApiKey } = await import('@/lib/auth/api-keys');
  [a, b, auditor] = [await session(['uploader'], 'A'), await session(['uploader'], 'B'), await session(['auditor'], 'Aud')];
  keyA = { authorization: `Bearer ${(await createApiKey(ctx, { name: 'ci', roles: ['uploader'] })).key}` };
}, 120_000);

afterAll(async () => {
  await ctx.database.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('owner-scoped routes (issue 5 §1)', () => {
  it('B cannot list, read, watch or re-issue A’s request, nor request A’s document: 404 NOT_FOUND, nothing changed', async () => {
    const mine = await uploadAndRequest(a, 'a');
    const theirs = await uploadAndRequest(b, 'b');
    const id = mine.requestId;
    const before = await ctx.db.select().from(schema.signingRequests);

    const list = (await (await call('requests/route', 'GET', '/api/requests', b)).json()) as { items: { id: string }[] };
    expect(list.items.map((r) => r.id)).toEqual([theirs.requestId]);
    for (const [file, method, suffix] of [
      ['requests/[id]/route', 'GET', ''],
      ['requests/[id]/events/route', 'GET', '/events'],
      ['requests/[id]/link/route', 'POST', '/link'],
    ] as const) {
      const res = await call(file, method, `/api/requests/${id}${suffix}`, b, undefined, { id });
      expect(res.status, `${method} ${suffix}`).toBe(404);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('NOT_FOUND');
    }
    const steal = await call('requests/route', 'POST', '/api/requests', { ...b, 'content-type': 'application/json' }, JSON.stringify({ documentId: mine.documentId, title: 'x', documentType: 'other', signerName: 'Eve' }));
    expect(steal.status).toBe(404);
    expect(await ctx.db.select().from(schema.signingRequests)).toEqual(before);

    // A's API key is a different owner from A's session.
    expect((await call('requests/[id]/route', 'GET', `/api/requests/${id}`, keyA, undefined, { id })).status).toBe(404);
    expect((await call('requests/[id]/route', 'GET', `/api/requests/${id}`, a, undefined, { id })).status).toBe(200);
    expect((await call('requests/[id]/route', 'GET', `/api/requests/${id}`, auditor, undefined, { id })).status).toBe(200);
    const all = (await (await call('requests/route', 'GET', '/api/requests', auditor)).json()) as { items: { id: string }[] };
    expect(all.items.map((r) => r.id).sort()).toEqual([mine.requestId, theirs.requestId].sort());
  });

  it('an auditor reads everything but cannot create a request (403)', async () => {
    const res = await call('requests/route', 'POST', '/api/requests', { ...auditor, 'content-type': 'application/json' }, JSON.stringify({ documentId: '00000000-0000-4000-8000-000000000000', title: 'x', documentType: 'other', signerName: 'Eve' }));
    expect(res.status).toBe(403);
  });
});

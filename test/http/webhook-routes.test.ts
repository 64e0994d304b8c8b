import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '@/db/client';
import type { Context } from '@/lib/context';

/** The webhook admin API through the real route handlers, with an admin API key. */
const ORIGIN = 'http://localhost:3995';
let dataDir: string;
let ctx: Context;
let admin: Record<string, string>;

type Handler = (r: Request, c: { params: Promise<unknown> }) => Promise<Response>;
async function call(file: string, method: string, body?: unknown, params: Record<string, string> = {}, headers = admin): Promise<Response> {
  const mod = (await import(path.join(process.cwd(), 'app', 'api', file.startsWith('/') ? file.slice(1) : `admin/${file}`) + '.ts')) as Record<string, Handler>;
  const init: RequestInit = { method, headers: { ...headers, 'content-type': 'application/json' }, body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body) };
  return mod[method]!(new Request(`${ORIGIN}/api/admin/x`, init), { params: Promise.resolve(params) });
}

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'signet-webhooks-'));
  Object.assign(process.env, { ORIGIN, DATA_DIR: dataDir });
  delete process.env.DATABASE_URL;
  const { appContext } = await import('@/lib/context');
  ctx = await appContext();
  const { createApiKey } = await import('@/lib/auth/api-keys');
  admin = { authorization: `Bearer ${(await createApiKey(ctx, { name: 'ops', roles: ['admin'] })).key}` };
}, 120_000);

afterAll(async () => {
  await ctx.database.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('webhook admin API', () => {
  it('refuses bad input with a clear code and stores nothing', async () => {
    const cases: [unknown, number, string][] = [
      [{ url: 'http://127.0.0.1:9000/hook' }, 400, 'WEBHOOK_URL_REFUSED'],
      [{ url: 'http://169.254.169.254/latest' }, 400, 'WEBHOOK_URL_REFUSED'],
      [{ url: 'https://93.184.215.14/hook', events: ['request.exploded'] }, 400, 'WEBHOOK_EVENT_UNKNOWN'],
      [{ url: 'https://93.184.215.14/hook', secret: 'mine' }, 400, 'VALIDATION_FAILED'],
      [{}, 400, 'VALIDATION_FAILED'],
      ['{not json', 400, 'MALFORMED_JSON'],
    ];
    for (const [body, status, code] of cases) {
      const res = await call('webhooks/route', 'POST', body);
      expect([res.status, ((await res.json()) as { error: { code: string } }).error.code], JSON.stringify(body)).toEqual([status, code]);
    }
    expect(await ctx.db.select().from(schema.webhookEndpoints)).toHaveLength(0);
    const uploader = { authorization: `Bearer ${(await (await import('@/lib/auth/api-keys')).createApiKey(ctx, { name: 'up', roles: ['uploader'] })).key}` };
    expect((await call('webhooks/route', 'GET', undefined, {}, uploader)).status).toBe(403);
  });

  it('creates (secret once), lists, updates, shows deliveries, deletes', async () => {
    const created = await call('webhooks/route', 'POST', { url: 'https://93.184.215.14/hook', events: ['request.signed'], description: 'ERP' });
    expect(created.status).toBe(201);
    const endpoint = (await created.json()) as { id: string; secret: string };
    expect(endpoint.secret).toMatch(/^whsec_/);
    const list = await (await call('webhooks/route', 'GET')).text();
    expect(list).toContain(endpoint.id);
    expect(list).not.toContain(endpoint.secret);
    const patched = await call('webhooks/[id]/route', 'PATCH', { enabled: false }, { id: endpoint.id });
    expect(await patched.json()).toMatchObject({ enabled: false, events: ['request.signed'] });
    expect((await call('webhooks/[id]/route', 'PATCH', {}, { id: endpoint.id })).status).toBe(400);
    expect(await (await call('webhooks/[id]/deliveries/route', 'GET', undefined, { id: endpoint.id })).json()).toEqual({ deliveries: [] });
    expect((await call('deliveries/[id]/retry/route', 'POST', undefined, { id: 'msg_00000000-0000-4000-8000-000000000000' })).status).toBe(404);
    expect((await call('webhooks/[id]/route', 'DELETE', undefined, { id: endpoint.id })).status).toBe(200);
    expect((await call('webhooks/[id]/route', 'DELETE', undefined, { id: endpoint.id })).status).toBe(404);
  });

  it('an API key sets its own notification address; a bad one is refused with EMAIL_INVALID and nothing stored', async () => {
    for (const email of ['a@b.com\r\nBcc: c@d.com', 'two@example.com, three@example.com', 'nobody']) {
      const res = await call('/account/notify-email/route', 'PUT', { email });
      expect([res.status, ((await res.json()) as { error: { code: string } }).error.code]).toEqual([400, 'EMAIL_INVALID']);
    }
    expect((await call('/account/notify-email/route', 'PUT', { email: 'x@example.com', locale: 'fr' })).status).toBe(400);
    expect(await ctx.db.select().from(schema.notifyAddresses)).toHaveLength(0);
    expect(await (await call('/account/notify-email/route', 'PUT', { email: 'ERP-Team@Example.com', locale: 'zh-CN' })).json()).toEqual({ email: 'erp-team@example.com' });
    expect(await (await call('/account/notify-email/route', 'GET')).json()).toEqual({ email: 'erp-team@example.com' });
    const [row] = await ctx.db.select().from(schema.notifyAddresses);
    expect(row).toMatchObject({ ownerKind: 'api_key', locale: 'zh-CN' });
  });

  it('certificate owners: bad input refused, nothing stored; add and remove', async () => {
    expect((await call('/certificates/owners/route', 'POST', { email: 'nope', name: 'X' })).status).toBe(400);
    expect((await call('/certificates/owners/route', 'POST', { email: 'pki@example.com' })).status).toBe(400);
    expect(await ctx.db.select().from(schema.certificateOwners)).toHaveLength(0);
    expect((await call('/certificates/owners/route', 'POST', { email: 'pki@example.com', name: 'PKI team' })).status).toBe(201);
    expect((await call('/certificates/owners/[email]/route', 'DELETE', undefined, { email: encodeURIComponent('pki@example.com') })).status).toBe(200);
    expect((await call('/certificates/owners/[email]/route', 'DELETE', undefined, { email: 'pki%40example.com' })).status).toBe(404);
  });
});

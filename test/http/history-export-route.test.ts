import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { desc } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '@/db/client';
import type { Context } from '@/lib/context';

/** GET /api/requests/export: refused without a reading role, and the refusal is in the operation log. */
const ORIGIN = 'http://localhost:3996';
let dataDir: string;
let ctx: Context;
let exportRoute: typeof import('@/app/api/requests/export/route');
const params = { params: Promise.resolve({}) };

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'signet-export-'));
  Object.assign(process.env, { ORIGIN, DATA_DIR: dataDir });
  delete process.env.DATABASE_URL;
  exportRoute = await import('@/app/api/requests/export/route');
  ctx = await (await import('@/lib/context')).appContext();
});

afterAll(async () => {
  await ctx.database.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('history export route', () => {
  it('declares the roles that may read the history, and logs as request.export', () => {
    expect(exportRoute.GET.routeOptions).toMatchObject({ roles: ['admin', 'auditor', 'uploader'], action: 'request.export' });
    expect(exportRoute.GET.routeOptions.readOnly).toBeUndefined();
  });

  it.each([
    ['no credentials', {}, 401, 'UNAUTHENTICATED'],
    ['an unknown API key', { authorization: 'Bearer sk_not_a_key' }, 401, 'API_KEY_INVALID'],
  ])('refuses %s with %s and logs the refusal, sending no rows', async (_label, headers, status, code) => {
    const res = await exportRoute.GET(new Request(`${ORIGIN}/api/requests/export?format=csv`, { headers }), params);
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toContain('application/json');
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe(code);
    const [latest] = await ctx.db.select().from(schema.operations).orderBy(desc(schema.operations.at)).limit(1);
    expect(latest).toMatchObject({ action: 'request.export', outcome: 'refused', errorCode: code });
  });
});

import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '@/db/client';
import type { Context } from '@/lib/context';

/** Rate limits as clients meet them: 429 RATE_LIMITED with Retry-After, each refusal in the operation log. */
const ORIGIN = 'http://localhost:3996';
let dataDir: string;
let ctx: Context;
/** Uploads need an identity: an uploader API key, created through lib in beforeAll. */
let auth: Record<string, string> = {};
const params = <P>(p: P) => ({ params: Promise.resolve(p) });

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'signet-rate-'));
  Object.assign(process.env, {
    ORIGIN,
    DATA_DIR: dataDir,
    SIGNET_PEER_HEADER: '1',
    RATE_LIMIT_SIGN_IN: '10/min',
    RATE_LIMIT_UPLOAD: '5/min',
    RATE_LIMIT_CEREMONY: '1000/min',
    RATE_LIMIT_CEREMONY_TOKEN: '20/min',
  });
  delete process.env.DATABASE_URL;
  ctx = await (await import('@/lib/context')).appContext();
  const { createApiKey } = await import('@/lib/auth/api-keys');
  auth = { authorization: `Bearer ${(await createApiKey(ctx, { name: 'burst uploader', roles: ['uploader'] })).key}` };
});

afterAll(async () => {
  await ctx.database.close();
  await rm(dataDir, { recursive: true, force: true });
});

const from = (ip: string, url = `${ORIGIN}/api/auth/sign-in`, init: RequestInit = {}) =>
  new Request(url, { method: 'POST', ...init, headers: { 'x-signet-peer-ip': ip, 'user-agent': 'burst/1', ...(init.headers as Record<string, string>) } });

describe('rate limits', () => {
  it("100 rapid sign-in attempts from one address: 10 reach sign-in, 90 get 429 RATE_LIMITED with Retry-After, and all 100 are logged", async () => {
    // The real sign-in route, sent an assertion that cannot verify: the 10 that get through are
    // refused by sign-in itself, the other 90 by the limit before sign-in runs.
    const { POST: signIn } = await import('@/app/api/auth/sign-in/route');
    const attempt = (ip: string) => signIn(from(ip, `${ORIGIN}/api/auth/sign-in`, { body: '{"response":{}}', headers: { 'content-type': 'application/json' } }), params({}));
    const responses = [];
    for (let i = 0; i < 100; i++) responses.push(await attempt('198.51.100.10'));
    expect(responses.filter((r) => r.status === 400)).toHaveLength(10);
    const limited = responses.filter((r) => r.status === 429);
    expect(limited).toHaveLength(90);
    for (const r of limited.slice(0, 3)) {
      expect(Number(r.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(await r.json()).toMatchObject({ error: { code: 'RATE_LIMITED', message: expect.stringMatching(/^expected at most the sign-in rate limit/) } });
    }
    const logged = await ctx.db.select().from(schema.operations).where(and(eq(schema.operations.action, 'staff.sign_in'), eq(schema.operations.ip, '198.51.100.10')));
    expect(logged).toHaveLength(100);
    expect(logged.filter((o) => o.outcome === 'refused' && o.errorCode === 'VALIDATION_FAILED')).toHaveLength(10);
    expect(logged.filter((o) => o.outcome === 'refused' && o.errorCode === 'RATE_LIMITED')).toHaveLength(90);
    expect(await ctx.db.select().from(schema.staffSessions)).toHaveLength(0);

    // Another address has its own bucket.
    expect((await attempt('198.51.100.11')).status).toBe(400);
  });

  it('limits uploads per address; a refused upload stores nothing', async () => {
    const { POST } = await import('@/app/api/documents/route');
    const upload = (i: number) => {
      const bytes = Buffer.from(`%PDF-1.4 burst ${i}`);
      return POST(
        from('198.51.100.20', `${ORIGIN}/api/documents`, { body: new Uint8Array(bytes), headers: { ...auth, 'content-type': 'application/pdf', 'x-signet-sha256': createHash('sha256').update(bytes).digest('hex') } }),
        params({}),
      );
    };
    const statuses = [];
    for (let i = 0; i < 8; i++) statuses.push((await upload(i)).status);
    expect(statuses).toEqual([201, 201, 201, 201, 201, 429, 429, 429]);
    expect(await ctx.db.select().from(schema.documents)).toHaveLength(5);
  });

  it('limits the phone-side endpoints per signing link, whatever the address', async () => {
    const { GET } = await import('@/app/api/ceremonies/[token]/route');
    const token = 'Z'.repeat(22);
    const statuses = [];
    for (let i = 0; i < 25; i++) statuses.push((await GET(from(`203.0.113.${i}`, `${ORIGIN}/api/ceremonies/${token}`, { method: 'GET' }), params({ token }))).status);
    expect(statuses.slice(0, 20).every((s) => s === 404)).toBe(true);
    expect(statuses.slice(20)).toEqual([429, 429, 429, 429, 429]);
  });
});

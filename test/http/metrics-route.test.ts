import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Context } from '@/lib/context';

/** GET /metrics through the real route handler, scraped as Prometheus would (bearer token). */
const ORIGIN = 'http://localhost:3994';
const TOKEN = 'metrics-route-token-0123456789abcdef';
let dataDir: string;
let ctx: Context;
let metrics: typeof import('@/app/metrics/route');

type Handler = (r: Request, c: { params: Promise<never> }) => Promise<Response>;
const scrape = (headers: Record<string, string> = {}) => (metrics.GET as Handler)(new Request(`${ORIGIN}/metrics`, { headers }), { params: Promise.resolve({}) as never });

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'signet-metrics-'));
  Object.assign(process.env, { ORIGIN, DATA_DIR: dataDir, METRICS_TOKEN: TOKEN });
  delete process.env.DATABASE_URL;
  const { appContext } = await import('@/lib/context');
  ctx = await appContext();
  metrics = await import('@/app/metrics/route');
}, 120_000);

afterAll(async () => {
  delete process.env.METRICS_TOKEN;
  await ctx.database.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('GET /metrics', () => {
  it('answers 401 in the error catalogue without the token or with a wrong one, and writes no metric text', async () => {
    for (const headers of [{} as Record<string, string>, { authorization: 'Bearer not-the-metrics-token-0123456789' }, { authorization: 'Basic Zm9vOmJhcg==' }]) {
      const res = await scrape(headers);
      expect(res.status, JSON.stringify(headers)).toBe(401);
      const body = (await res.json()) as { error: { code: string } };
      expect(body.error.code).toBe('UNAUTHENTICATED');
      expect(JSON.stringify(body)).not.toContain('signet_');
    }
  });

  it('serves the Prometheus text format with the token, counting the API calls answered by route', async () => {
    const health = await import('@/app/api/health/route');
    await (health.GET as Handler)(new Request(`${ORIGIN}/api/health`), { params: Promise.resolve({}) as never });
    const complete = await import('@/app/api/ceremonies/[token]/complete/route');
    const refused = await (complete.POST as Handler)(new Request(`${ORIGIN}/x`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } }), { params: Promise.resolve({ token: 'no-such-token-000000000000000000000000000' }) as never });
    const code = ((await refused.json()) as { error: { code: string } }).error.code;

    const res = await scrape({ authorization: `Bearer ${TOKEN}` });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('no-store');
    const text = await res.text();
    expect(text).toMatch(/^signet_http_requests_total\{route="health\.check",method="GET",status="(200|503)"\} 1$/m);
    expect(text).toMatch(/^signet_http_request_duration_seconds_count\{route="health\.check",method="GET"\} 1$/m);
    expect(text).toContain(`signet_signings_total{outcome="refused",code="${code}"} 1`);
    // The refused scrapes of the test before are counted too.
    expect(text).toMatch(/^signet_http_requests_total\{route="metrics\.read",method="GET",status="401"\} 3$/m);
    expect(text).toContain('signet_signing_requests{status="pending"} 0');
    expect(text).toContain('# HELP signet_certificate_days_left');
  });
});

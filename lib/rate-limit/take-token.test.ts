import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '@/lib/env';
import { createTestContext, type TestContext } from '@/test/support/context';
import { parseRate } from '../env-rate';
import { takeToken } from './take-token';

describe('rate settings', () => {
  it('parses N/period and off; refuses anything else by name', () => {
    expect(parseRate('10/min')).toEqual({ capacity: 10, periodMs: 60_000 });
    expect(parseRate(' 100 / hour ')).toEqual({ capacity: 100, periodMs: 3_600_000 });
    expect(parseRate('5/s')).toEqual({ capacity: 5, periodMs: 1_000 });
    expect(parseRate('OFF')).toBeNull();
    for (const bad of ['', '10', '0/min', '-1/min', '10/fortnight', '1e3/min', 'ten/min']) expect(parseRate(bad), bad).toBeUndefined();
    expect(parseConfig({}).rateLimits).toEqual({
      'sign-in': { capacity: 10, periodMs: 60_000 },
      upload: { capacity: 60, periodMs: 60_000 },
      ceremony: { capacity: 120, periodMs: 60_000 },
      'ceremony-token': { capacity: 30, periodMs: 60_000 },
    });
    expect(parseConfig({ RATE_LIMIT_UPLOAD: 'off', TRUST_PROXY: 'true' })).toMatchObject({ trustProxy: true, rateLimits: { upload: null } });
    let error: unknown;
    try {
      parseConfig({ RATE_LIMIT_SIGN_IN: 'lots', TRUST_PROXY: 'maybe' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual([
      'TRUST_PROXY: expected true or false, got "maybe"',
      'RATE_LIMIT_SIGN_IN: expected a rate such as 10/min, 100/hour or 5/s, or off; got "lots"',
    ]);
  });
});

describe('takeToken (database token bucket, injected clock)', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext({}, { postgres: true });
  });
  afterAll(async () => ctx.dispose());
  const rate = { capacity: 10, periodMs: 60_000 };

  it('100 rapid attempts: the first 10 pass, the other 90 are refused with a Retry-After', async () => {
    const results = [];
    for (let i = 0; i < 100; i++) results.push(await takeToken(ctx, 'test:burst', rate));
    expect(results.filter((r) => r.allowed)).toHaveLength(10);
    expect(results.slice(0, 10).every((r) => r.allowed)).toBe(true);
    expect(results.slice(10).every((r) => !r.allowed && r.retryAfterSeconds >= 1 && r.retryAfterSeconds <= 12)).toBe(true);
  });

  it('refills at capacity per period: after Retry-After one more passes, and a full period restores the burst', async () => {
    const key = 'test:refill';
    for (let i = 0; i < 10; i++) expect((await takeToken(ctx, key, rate)).allowed).toBe(true);
    const refused = await takeToken(ctx, key, rate);
    expect(refused).toEqual({ allowed: false, retryAfterSeconds: 12 }); // balance -1: 2 tokens at 6 s each
    ctx.clock.advance(refused.retryAfterSeconds * 1000);
    expect((await takeToken(ctx, key, rate)).allowed).toBe(true);
    expect((await takeToken(ctx, key, rate)).allowed).toBe(false);
    ctx.clock.advance(120_000);
    const burst = [];
    for (let i = 0; i < 11; i++) burst.push((await takeToken(ctx, key, rate)).allowed);
    expect(burst.filter(Boolean)).toHaveLength(10);
  });

  it('keys are independent, and a clock that steps back refills nothing', async () => {
    for (let i = 0; i < 10; i++) await takeToken(ctx, 'test:a', rate);
    expect((await takeToken(ctx, 'test:a', rate)).allowed).toBe(false);
    expect((await takeToken(ctx, 'test:b', rate)).allowed).toBe(true);
    ctx.clock.advance(-3_600_000);
    expect((await takeToken(ctx, 'test:a', rate)).allowed).toBe(false);
  });

  it('several instances on one PostgreSQL database share a bucket: concurrent takes never exceed capacity', async () => {
    if (!ctx.databaseUrl) return; // PGlite: one connection, nothing concurrent to show
    const other = await ctx.openInstance();
    const takes = Array.from({ length: 40 }, (_, i) => takeToken(i % 2 ? other : ctx, 'test:shared', rate));
    const results = await Promise.all(takes);
    expect(results.filter((r) => r.allowed)).toHaveLength(10);
  });
});

import { sql } from 'drizzle-orm';
import { schema } from '@/db/client';
import type { Context } from '../context';
import type { Rate } from '../env-rate';

export interface TakeResult {
  allowed: boolean;
  /** Whole seconds until a retry can succeed (0 when allowed); for Retry-After (RFC 9110 §10.2.3). */
  retryAfterSeconds: number;
}

/**
 * Takes one token from the bucket `key` (a token bucket of `rate.capacity` tokens refilled at
 * capacity per period). One INSERT … ON CONFLICT DO UPDATE, so concurrent calls and several app
 * instances on one database share the bucket without races; time comes from ctx.clock.
 *
 * Every attempt subtracts one token; the balance may go down to -1, so a client hammering an empty
 * bucket keeps it empty instead of getting through at the refill rate.
 */
export async function takeToken(ctx: Pick<Context, 'db' | 'clock'>, key: string, rate: Rate): Promise<TakeResult> {
  const t = schema.rateLimitBuckets;
  const now = ctx.clock.now();
  const nowSql = sql`${now.toISOString()}::timestamptz`;
  const perMs = rate.capacity / rate.periodMs;
  const elapsedMs = sql`GREATEST(0, EXTRACT(EPOCH FROM (${nowSql} - ${t.updatedAt})) * 1000)`;
  const refilled = sql`LEAST(${rate.capacity}::float8, ${t.tokens} + ${elapsedMs} * ${perMs}::float8)`;
  const [row] = await ctx.db
    .insert(t)
    .values({ key, tokens: rate.capacity - 1, updatedAt: now })
    .onConflictDoUpdate({ target: t.key, set: { tokens: sql`GREATEST(-1::float8, ${refilled} - 1)`, updatedAt: now } })
    .returning({ tokens: t.tokens });
  const left = Number(row?.tokens ?? 0);
  if (left >= 0) return { allowed: true, retryAfterSeconds: 0 };
  return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(((1 - left) / perMs) / 1000)) };
}

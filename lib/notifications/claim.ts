import { and, asc, eq, inArray, isNull, lte, or, sql } from 'drizzle-orm';
import { schema } from '@/db/client';
import type { Context } from '../context';

export type OutboxRow = typeof schema.outbox.$inferSelect;

/** Longer than any single delivery may take (webhook 10 s, SMTP timeouts 30 s each). */
export const LEASE_MS = 5 * 60_000;

/**
 * Claims up to `limit` due deliveries for this worker: one UPDATE whose subquery locks the rows with
 * FOR UPDATE SKIP LOCKED, so concurrent workers on one PostgreSQL each take different rows and none
 * waits. The claim is a lease, not a lock held open: a worker killed mid-delivery holds no
 * transaction, and once the lease passes another worker claims the row again (at-least-once).
 * The attempt number is raised in the same statement; it fences the result write (recordOutcome).
 */
export async function claimDue(ctx: Context, limit = 10): Promise<OutboxRow[]> {
  const now = ctx.clock.now();
  const o = schema.outbox;
  const due = ctx.db
    .select({ id: o.id })
    .from(o)
    .where(and(eq(o.status, 'pending'), lte(o.nextAttemptAt, now), or(isNull(o.leaseUntil), lte(o.leaseUntil, now))))
    .orderBy(asc(o.nextAttemptAt))
    .limit(limit)
    .for('update', { skipLocked: true });
  return ctx.db
    .update(o)
    .set({ attempts: sql`${o.attempts} + 1`, leaseUntil: new Date(now.getTime() + LEASE_MS) })
    .where(inArray(o.id, due))
    .returning();
}

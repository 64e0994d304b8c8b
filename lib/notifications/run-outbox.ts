import { and, eq } from 'drizzle-orm';
import { schema } from '@/db/client';
import type { Context } from '../context';
import { instruments } from '../metrics/instruments';
import { retryDelayMs } from './backoff';
import { claimDue, type OutboxRow } from './claim';
import type { AttachmentSources } from './mail/attachments';
import { deliverEmail } from './mail/deliver-email';
import { deliverWebhook } from './deliver-webhook';
import type { DeliveryOutcome } from './events';

export interface OutboxRun {
  claimed: number;
  delivered: number;
  retrying: number;
  failed: number;
}

/**
 * Claims the due deliveries and attempts each once. Success marks it delivered; a temporary failure
 * schedules the next try (lib/notifications/backoff.ts) until OUTBOX_GIVE_UP_AFTER has passed since
 * it was written; a permanent one (HTTP 4xx, SMTP 5xx) or giving up marks it failed, which an admin
 * sees and may retry. Never throws for a delivery's failure.
 */
export async function runOutboxOnce(ctx: Context, limit = 10, sources: AttachmentSources = {}): Promise<OutboxRun> {
  const rows = await claimDue(ctx, limit);
  const run: OutboxRun = { claimed: rows.length, delivered: 0, retrying: 0, failed: 0 };
  await Promise.all(
    rows.map(async (row) => {
      const state = await attempt(ctx, row, sources);
      run[state] += 1;
      instruments().outboxAttempts.inc({ channel: row.channel, result: state });
    }),
  );
  return run;
}

async function attempt(ctx: Context, row: OutboxRow, sources: AttachmentSources): Promise<'delivered' | 'retrying' | 'failed'> {
  const startedAt = ctx.clock.now();
  const t0 = performance.now();
  let outcome: DeliveryOutcome;
  try {
    outcome = row.channel === 'email' ? await deliverEmail(ctx, row, sources) : await deliverWebhook(ctx, row);
  } catch (e) {
    outcome = { ok: false, permanent: false, detail: `internal: ${(e as Error).message}` };
  }
  const latencyMs = Math.round(performance.now() - t0);
  return recordOutcome(ctx, row, outcome, startedAt, latencyMs);
}

async function recordOutcome(ctx: Context, row: OutboxRow, outcome: DeliveryOutcome, startedAt: Date, latencyMs: number): Promise<'delivered' | 'retrying' | 'failed'> {
  const now = ctx.clock.now();
  const o = schema.outbox;
  let state: 'delivered' | 'retrying' | 'failed';
  let set: Partial<typeof o.$inferInsert>;
  if (outcome.ok) {
    state = 'delivered';
    set = { status: 'delivered', deliveredAt: now, payload: scrubbed(row.payload) };
  } else {
    const next = new Date(now.getTime() + retryDelayMs(row.attempts, ctx.config.outbox.retryBaseMs, ctx.random));
    const tooLate = next.getTime() - row.createdAt.getTime() > ctx.config.outbox.giveUpAfterMs;
    state = outcome.permanent || tooLate ? 'failed' : 'retrying';
    set = state === 'failed' ? { status: 'failed' } : { nextAttemptAt: next };
  }
  await ctx.db.transaction(async (tx) => {
    // Fenced by the attempt number: a worker whose lease ran out and was overtaken writes nothing.
    const updated = await tx
      .update(o)
      .set({ ...set, leaseUntil: null, lastDetail: outcome.detail.slice(0, 500) })
      .where(and(eq(o.id, row.id), eq(o.attempts, row.attempts), eq(o.status, 'pending')))
      .returning({ id: o.id });
    await tx
      .insert(schema.outboxAttempts)
      .values({ outboxId: row.id, attempt: row.attempts, startedAt, latencyMs, ok: outcome.ok, detail: outcome.detail.slice(0, 500) })
      .onConflictDoNothing();
    if (updated.length > 0 && !outcome.ok && outcome.disable && row.channel === 'webhook' && row.target !== 'env') {
      await tx
        .update(schema.webhookEndpoints)
        .set({ enabled: false, disabledReason: outcome.detail.slice(0, 200), updatedAt: now })
        .where(eq(schema.webhookEndpoints.id, row.target));
    }
  });
  return state;
}

/** Links that are bearer secrets (a signing link, a staff enrolment link): the server keeps only their hashes. */
const SECRET_LINKS = ['signUrl', 'inviteUrl'] as const;

/** A delivered invitation no longer needs its link: erased from the row once it is sent. */
function scrubbed(payload: Record<string, unknown>): Record<string, unknown> {
  const params = payload.params as Record<string, unknown> | undefined;
  if (!params || !SECRET_LINKS.some((k) => k in params)) return payload;
  return { ...payload, params: { ...params, ...Object.fromEntries(SECRET_LINKS.filter((k) => k in params).map((k) => [k, null])), qr: null } };
}

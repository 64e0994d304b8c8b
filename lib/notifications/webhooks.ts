import { and, desc, eq, inArray } from 'drizzle-orm';
import { schema } from '@/db/client';
import type { Context } from '../context';
import { AppError } from '../errors';
import { isWebhookEvent } from './events';
import { webhookUrlProblem } from './webhook-url';

export interface WebhookView {
  id: string;
  url: string;
  description: string;
  /** Event types delivered; empty means every event. */
  events: string[];
  enabled: boolean;
  disabledReason: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface WebhookInput {
  url?: string;
  description?: string;
  events?: string[];
  enabled?: boolean;
}

type Row = typeof schema.webhookEndpoints.$inferSelect;
const view = (r: Row): WebhookView => ({
  id: r.id,
  url: r.url,
  description: r.description,
  events: r.events,
  enabled: r.enabled,
  disabledReason: r.disabledReason,
  createdAt: r.createdAt.toISOString(),
  updatedAt: r.updatedAt.toISOString(),
});

export async function listWebhooks(ctx: Context): Promise<WebhookView[]> {
  return (await ctx.db.select().from(schema.webhookEndpoints).orderBy(schema.webhookEndpoints.createdAt)).map(view);
}

/**
 * Registers an endpoint. The server makes its secret (whsec_ + 24 random bytes in base64, the
 * Standard Webhooks format) and returns it this once; afterwards only deliveries show it was used.
 */
export async function createWebhook(ctx: Context, input: WebhookInput & { url: string }): Promise<WebhookView & { secret: string }> {
  const checked = await checkInput(ctx, input);
  const now = ctx.clock.now();
  const secret = `whsec_${Buffer.from(ctx.random.bytes(24)).toString('base64')}`;
  const [row] = await ctx.db
    .insert(schema.webhookEndpoints)
    .values({ id: ctx.random.uuid(), url: checked.url!, secret, events: checked.events ?? [], enabled: input.enabled ?? true, description: checked.description ?? '', createdAt: now, updatedAt: now })
    .returning();
  return { ...view(row!), secret };
}

export async function updateWebhook(ctx: Context, id: string, input: WebhookInput): Promise<WebhookView> {
  const checked = await checkInput(ctx, input);
  const set: Partial<Row> = { updatedAt: ctx.clock.now() };
  if (checked.url !== undefined) set.url = checked.url;
  if (checked.events !== undefined) set.events = checked.events;
  if (checked.description !== undefined) set.description = checked.description;
  if (input.enabled !== undefined) {
    set.enabled = input.enabled;
    set.disabledReason = null;
  }
  const [row] = await ctx.db.update(schema.webhookEndpoints).set(set).where(eq(schema.webhookEndpoints.id, id)).returning();
  if (!row) throw new AppError('NOT_FOUND', `expected a webhook endpoint id, got "${id}"`);
  return view(row);
}

/** Removes the endpoint and its delivery log; deliveries still pending for it are dropped. */
export async function deleteWebhook(ctx: Context, id: string): Promise<{ deleted: true }> {
  const deleted = await ctx.db.transaction(async (tx) => {
    const rows = await tx.delete(schema.webhookEndpoints).where(eq(schema.webhookEndpoints.id, id)).returning({ id: schema.webhookEndpoints.id });
    if (rows.length > 0) await tx.delete(schema.outbox).where(and(eq(schema.outbox.channel, 'webhook'), eq(schema.outbox.target, id)));
    return rows.length;
  });
  if (deleted === 0) throw new AppError('NOT_FOUND', `expected a webhook endpoint id, got "${id}"`);
  return { deleted: true };
}

export interface DeliveryView {
  id: string;
  event: string;
  status: string;
  attempts: number;
  lastDetail: string | null;
  nextAttemptAt: string | null;
  createdAt: string;
  deliveredAt: string | null;
  log: { attempt: number; startedAt: string; latencyMs: number; ok: boolean; detail: string }[];
}

/** The endpoint's deliveries, newest first, each with its attempts (status code, latency, next try). */
export async function listWebhookDeliveries(ctx: Context, target: string, limit = 50): Promise<DeliveryView[]> {
  if (target !== 'env') {
    const [endpoint] = await ctx.db.select({ id: schema.webhookEndpoints.id }).from(schema.webhookEndpoints).where(eq(schema.webhookEndpoints.id, target));
    if (!endpoint) throw new AppError('NOT_FOUND', `expected a webhook endpoint id, got "${target}"`);
  }
  const o = schema.outbox;
  const rows = await ctx.db.select().from(o).where(and(eq(o.channel, 'webhook'), eq(o.target, target))).orderBy(desc(o.createdAt)).limit(limit);
  const attempts = rows.length
    ? await ctx.db.select().from(schema.outboxAttempts).where(inArray(schema.outboxAttempts.outboxId, rows.map((r) => r.id))).orderBy(schema.outboxAttempts.attempt)
    : [];
  return rows.map((r) => ({
    id: r.id,
    event: r.event,
    status: r.status,
    attempts: r.attempts,
    lastDetail: r.lastDetail,
    nextAttemptAt: r.status === 'pending' ? r.nextAttemptAt.toISOString() : null,
    createdAt: r.createdAt.toISOString(),
    deliveredAt: r.deliveredAt?.toISOString() ?? null,
    log: attempts.filter((a) => a.outboxId === r.id).map((a) => ({ attempt: a.attempt, startedAt: a.startedAt.toISOString(), latencyMs: a.latencyMs, ok: a.ok, detail: a.detail })),
  }));
}

/** Puts a failed delivery (webhook or e-mail) back in the queue, due now, with the same id. */
export async function retryDelivery(ctx: Context, id: string): Promise<{ id: string; status: 'pending' }> {
  const o = schema.outbox;
  const [row] = await ctx.db.update(o).set({ status: 'pending', nextAttemptAt: ctx.clock.now(), leaseUntil: null }).where(and(eq(o.id, id), eq(o.status, 'failed'))).returning({ id: o.id });
  if (row) return { id: row.id, status: 'pending' };
  const [exists] = await ctx.db.select({ status: o.status }).from(o).where(eq(o.id, id));
  if (!exists) throw new AppError('NOT_FOUND', `expected a delivery id, got "${id}"`);
  throw new AppError('DELIVERY_NOT_RETRYABLE', `expected a failed delivery, this one is ${exists.status}`);
}

async function checkInput(ctx: Context, input: WebhookInput): Promise<WebhookInput> {
  const out: WebhookInput = {};
  if (input.url !== undefined) {
    const problem = await webhookUrlProblem(input.url.trim(), ctx.config.outbox.webhookAllowPrivate);
    if (problem) throw new AppError('WEBHOOK_URL_REFUSED', problem);
    out.url = new URL(input.url.trim()).toString();
  }
  if (input.events !== undefined) {
    const unknown = input.events.filter((e) => !isWebhookEvent(e));
    if (unknown.length > 0) throw new AppError('WEBHOOK_EVENT_UNKNOWN', `expected events from request.created, request.signed, request.declined, request.expired, certificate.reminder; got ${unknown.map((e) => `"${e}"`).join(', ')}`);
    out.events = [...new Set(input.events)];
  }
  if (input.description !== undefined) out.description = input.description.trim().slice(0, 200);
  return out;
}

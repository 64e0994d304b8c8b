import { and, eq, sql } from 'drizzle-orm';
import { schema, type Db } from '@/db/client';
import type { Context } from '../context';
import type { Locale } from '../i18n/locales';
import type { WebhookEvent } from './events';
import type { MailTemplate } from './mail/templates';

/** Channel the worker is woken on; NOTIFY inside a transaction is delivered when it commits. */
export const OUTBOX_CHANNEL = 'signet_outbox';

export interface EmailItem {
  /** A stable id when the message is about one thing and must exist once (`receipt-<record id>`); a new UUID otherwise. */
  id?: string;
  to: string;
  template: MailTemplate;
  locale: Locale;
  params: Record<string, string | number | null>;
}

/**
 * Writes one outbox row per delivery, in the caller's transaction: the event and its notifications
 * commit or roll back together, so none is lost and none is sent for an event that did not happen.
 */
export async function enqueueEmails(tx: Db, ctx: Context, event: string, items: EmailItem[]): Promise<number> {
  // No SMTP configured: nothing would ever deliver these, so none is written (the UI says so).
  if (!ctx.config.mail || items.length === 0) return 0;
  const now = ctx.clock.now();
  const written = await tx
    .insert(schema.outbox)
    .values(
      items.map((m) => ({
        id: m.id ?? ctx.random.uuid(),
        channel: 'email',
        event,
        target: m.to,
        payload: { template: m.template, locale: m.locale, params: m.params },
        status: 'pending',
        nextAttemptAt: now,
        createdAt: now,
      })),
    )
    .onConflictDoNothing()
    .returning({ id: schema.outbox.id });
  if (written.length > 0) await wake(tx);
  return written.length;
}

/** One row per enabled endpoint subscribed to the event, plus WEBHOOK_URL when it is configured. */
export async function enqueueWebhooks(tx: Db, ctx: Context, event: WebhookEvent, data: Record<string, unknown>): Promise<number> {
  const now = ctx.clock.now();
  const endpoints = await tx
    .select({ id: schema.webhookEndpoints.id, events: schema.webhookEndpoints.events })
    .from(schema.webhookEndpoints)
    .where(and(eq(schema.webhookEndpoints.enabled, true)));
  const targets = endpoints.filter((e) => e.events.length === 0 || e.events.includes(event)).map((e) => e.id);
  if (ctx.config.webhookUrl && ctx.config.webhookSecret) targets.push('env');
  if (targets.length === 0) return 0;
  await tx.insert(schema.outbox).values(
    targets.map((target) => ({
      id: `msg_${ctx.random.uuid()}`,
      channel: 'webhook',
      event,
      target,
      payload: { type: event, timestamp: now.toISOString(), data },
      status: 'pending',
      nextAttemptAt: now,
      createdAt: now,
    })),
  );
  await wake(tx);
  return targets.length;
}

async function wake(tx: Db): Promise<void> {
  await tx.execute(sql`select pg_notify(${OUTBOX_CHANNEL}, '')`);
}

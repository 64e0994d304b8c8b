import { boolean, index, integer, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/**
 * The outbox (transactional outbox pattern): every e-mail and webhook delivery is a row written in
 * the same transaction as the event that causes it, then delivered at least once by a worker. The
 * id is stable across retries (the webhook-id header, the e-mail's Message-ID) so a receiver can
 * drop duplicates.
 */
export const outbox = pgTable(
  'outbox',
  {
    id: text('id').primaryKey(),
    /** email | webhook */
    channel: text('channel').notNull(),
    /** request.created, request.signed, certificate.reminder, ... (lib/notifications/events.ts) */
    event: text('event').notNull(),
    /** An e-mail address, a webhook endpoint id, or "env" (the WEBHOOK_URL endpoint). */
    target: text('target').notNull(),
    /** What the worker renders: the event data, plus template and locale for e-mail. */
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    /** pending | delivered | failed */
    status: text('status').notNull(),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: ts('next_attempt_at').notNull(),
    /** A worker that claimed the row owns it until then; past it (the worker died) it is claimable again. */
    leaseUntil: ts('lease_until'),
    /** The last attempt's outcome: "HTTP 500", "550 5.1.1 no such user", "timeout". */
    lastDetail: text('last_detail'),
    createdAt: ts('created_at').notNull(),
    deliveredAt: ts('delivered_at'),
  },
  (t) => [index('outbox_due_idx').on(t.status, t.nextAttemptAt), index('outbox_target_idx').on(t.target, t.createdAt)],
);

/** One row per delivery attempt: the delivery log per endpoint and per message. */
export const outboxAttempts = pgTable(
  'outbox_attempts',
  {
    outboxId: text('outbox_id')
      .notNull()
      .references(() => outbox.id, { onDelete: 'cascade' }),
    attempt: integer('attempt').notNull(),
    startedAt: ts('started_at').notNull(),
    latencyMs: integer('latency_ms').notNull(),
    ok: boolean('ok').notNull(),
    /** HTTP status or SMTP reply, or the network error. */
    detail: text('detail').notNull(),
  },
  (t) => [primaryKey({ columns: [t.outboxId, t.attempt] })],
);

/** A webhook endpoint an admin registered. Signed per Standard Webhooks with its own whsec_ secret. */
export const webhookEndpoints = pgTable('webhook_endpoints', {
  id: text('id').primaryKey(),
  url: text('url').notNull(),
  /** whsec_<base64 of 24 random bytes>; shown once when created. */
  secret: text('secret').notNull(),
  /** Event types delivered; empty means every event. */
  events: jsonb('events').$type<string[]>().notNull(),
  enabled: boolean('enabled').notNull(),
  /** Why the server disabled it (the endpoint answered 410 Gone); null when an admin did or it is on. */
  disabledReason: text('disabled_reason'),
  description: text('description').notNull().default(''),
  createdAt: ts('created_at').notNull(),
  updatedAt: ts('updated_at').notNull(),
});

/**
 * Where notifications for a staff member or an API key go (the uploader hears "signed" here).
 * Kept apart from the account tables so an address can be set, changed or removed on its own.
 */
export const notifyAddresses = pgTable(
  'notify_addresses',
  {
    /** staff | api_key */
    ownerKind: text('owner_kind').notNull(),
    ownerId: text('owner_id').notNull(),
    email: text('email').notNull(),
    /** The language its e-mails are written in ('zh-CN' | 'en'): the one the address was saved in. */
    locale: text('locale'),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.ownerKind, t.ownerId] })],
);

/** People responsible for the organisation certificate: certificate reminders are e-mailed to them. */
export const certificateOwners = pgTable('certificate_owners', {
  email: text('email').primaryKey(),
  name: text('name').notNull(),
  createdAt: ts('created_at').notNull(),
});

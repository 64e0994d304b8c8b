import { doublePrecision, index, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/**
 * The operation log: one row per state-changing or refused call. Append-only for the application
 * (a trigger, db/sql/operations_append_only.sql, refuses UPDATE, DELETE and TRUNCATE). Ids are
 * time-ordered (`at` then `id`) so keyset pagination walks it newest first without gaps.
 */
export const operations = pgTable(
  'operations',
  {
    id: text('id').primaryKey(),
    at: ts('at').notNull(),
    /** staff | api_key | signer | system | anonymous */
    actorKind: text('actor_kind').notNull(),
    actorId: text('actor_id'),
    actorName: text('actor_name'),
    /** e.g. request.create, document.upload, request.expire */
    action: text('action').notNull(),
    targetType: text('target_type'),
    targetId: text('target_id'),
    /** ok | refused | error */
    outcome: text('outcome').notNull(),
    errorCode: text('error_code'),
    ip: text('ip'),
    userAgent: text('user_agent'),
    requestId: text('request_id'),
    details: jsonb('details').$type<Record<string, unknown>>(),
  },
  (t) => [
    index('operations_at_idx').on(t.at, t.id),
    index('operations_actor_idx').on(t.actorKind, t.actorId, t.at),
    index('operations_action_idx').on(t.action, t.at),
    index('operations_target_idx').on(t.targetType, t.targetId, t.at),
    index('operations_outcome_idx').on(t.outcome, t.at),
  ],
);

/** A token bucket shared by every instance (rate limits): tokens left as of `updated_at`. */
export const rateLimitBuckets = pgTable('rate_limit_buckets', {
  /** bucket name + ':' + what it counts by (an IP, a token hash). */
  key: text('key').primaryKey(),
  tokens: doublePrecision('tokens').notNull(),
  updatedAt: ts('updated_at').notNull(),
});

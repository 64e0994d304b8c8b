import { index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { signatureRecords, signers, signingRequests } from './signing';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/**
 * Many documents sent together (docs/batches.md). Each document is an ordinary signing request;
 * the batch adds a name, an order and a priority per document, and one queue link per signer.
 */
export const batches = pgTable(
  'batches',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    /** Who created it, as the operation log names the actor (a staff name, an API key name, "system"). */
    createdBy: text('created_by').notNull(),
    createdAt: ts('created_at').notNull(),
    /** The latest expiry of its requests when created or extended. */
    expiresAt: ts('expires_at').notNull(),
    /** open | cancelled; "complete" is derived from the requests, never stored. */
    status: text('status').notNull(),
    cancelledAt: ts('cancelled_at'),
    cancelReason: text('cancel_reason'),
  },
  (t) => [index('batches_created_at_idx').on(t.createdAt)],
);

/** A signing request's place in its batch. A request belongs to at most one batch. */
export const batchDocuments = pgTable(
  'batch_documents',
  {
    requestId: text('request_id')
      .primaryKey()
      .references(() => signingRequests.id),
    batchId: text('batch_id')
      .notNull()
      .references(() => batches.id),
    /** 0-based signing order within one priority; unique per batch. */
    position: integer('position').notNull(),
    /** urgent | high | normal | low */
    priority: text('priority').notNull(),
  },
  (t) => [index('batch_documents_batch_idx').on(t.batchId)],
);

/** One signer's queue link for a batch: only the SHA-256 of the token is stored. */
export const batchSigners = pgTable(
  'batch_signers',
  {
    id: text('id').primaryKey(),
    batchId: text('batch_id')
      .notNull()
      .references(() => batches.id),
    signerId: text('signer_id')
      .notNull()
      .references(() => signers.id),
    tokenHash: text('token_hash').notNull(),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [uniqueIndex('batch_signers_token_hash_idx').on(t.tokenHash), uniqueIndex('batch_signers_batch_signer_idx').on(t.batchId, t.signerId)],
);

/**
 * The documents one batch approval challenge covers, in statement order, between begin and
 * complete (lib/batches/batch-statement.ts); the challenge row itself is in `challenges`.
 */
export const batchApprovals = pgTable('batch_approvals', {
  challenge: text('challenge').primaryKey(),
  batchId: text('batch_id')
    .notNull()
    .references(() => batches.id),
  signerId: text('signer_id')
    .notNull()
    .references(() => signers.id),
  /** [{ requestId, documentSha256, title }] exactly as the approval statement's items. */
  items: jsonb('items').$type<{ requestId: string; documentSha256: string; title: string }[]>().notNull(),
  createdAt: ts('created_at').notNull(),
});

/**
 * A signature record made by a batch approval: its item statement, its index among the approval's
 * items and its RFC 9162 §2.1.3 inclusion path to the root the approval statement (the record's
 * `statement`) commits to, so the record's evidence proves on its own that the approval covered
 * this document. base64url, byte-exact as the tree was built.
 */
export const batchRecordItems = pgTable(
  'batch_record_items',
  {
    recordId: text('record_id')
      .primaryKey()
      .references(() => signatureRecords.id),
    batchId: text('batch_id')
      .notNull()
      .references(() => batches.id),
    /** The approval challenge every record of one approval shares. */
    challenge: text('challenge').notNull(),
    item: text('item').notNull(),
    itemIndex: integer('item_index').notNull(),
    path: jsonb('path').$type<string[]>().notNull(),
  },
  (t) => [index('batch_record_items_challenge_idx').on(t.challenge)],
);

import { index, integer, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { signers, signingRequests } from './signing';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/**
 * One signer's place on a signing request (docs/multi-signer.md): their own link (only its hash is
 * stored), their step and their progress. Signers of one step sign in parallel; step n+1 may sign
 * once every signer of step n has. The request row keeps the request-wide state.
 */
export const requestSigners = pgTable(
  'request_signers',
  {
    id: text('id').primaryKey(),
    requestId: text('request_id')
      .notNull()
      .references(() => signingRequests.id),
    signerId: text('signer_id')
      .notNull()
      .references(() => signers.id),
    /** 0-based place in the list the request was created with. */
    position: integer('position').notNull(),
    /** 1, 2, …: signers of a step sign in parallel, steps one after another. */
    step: integer('step').notNull(),
    /** SHA-256 (hex) of this signer's signing token; the token itself is never stored. */
    tokenHash: text('token_hash').notNull(),
    /** pending | opened | signed | declined */
    status: text('status').notNull(),
    openedAt: ts('opened_at'),
    signedAt: ts('signed_at'),
    declinedAt: ts('declined_at'),
    declineReason: text('decline_reason'),
  },
  (t) => [
    uniqueIndex('request_signers_token_hash_idx').on(t.tokenHash),
    uniqueIndex('request_signers_request_signer_idx').on(t.requestId, t.signerId),
    uniqueIndex('request_signers_request_position_idx').on(t.requestId, t.position),
    index('request_signers_signer_idx').on(t.signerId),
  ],
);

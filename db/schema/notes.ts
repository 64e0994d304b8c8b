import { index, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { signingRequests } from './signing';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/**
 * Staff notes on a signing request (an auditor "writes notes, changes nothing else").
 * Append-only for the application: there is no edit or delete verb. The author is copied as it was
 * when the note was written, so a later rename or removal of the account leaves the note readable.
 */
export const requestNotes = pgTable(
  'request_notes',
  {
    id: text('id').primaryKey(),
    requestId: text('request_id')
      .notNull()
      .references(() => signingRequests.id),
    /** staff | api_key | system */
    authorKind: text('author_kind').notNull(),
    authorId: text('author_id'),
    authorName: text('author_name').notNull(),
    /** Plain text, at most 2000 characters; shown as text, never as HTML. */
    body: text('body').notNull(),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [index('request_notes_request_idx').on(t.requestId, t.createdAt), index('request_notes_body_trgm_idx').using('gin', t.body.op('gin_trgm_ops'))],
);

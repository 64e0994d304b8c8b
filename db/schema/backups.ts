import { bigint, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** One row per backup the server or the CLI made (or failed to make): the Admin page shows the last. */
export const backups = pgTable('backups', {
  id: text('id').primaryKey(),
  startedAt: ts('started_at').notNull(),
  finishedAt: ts('finished_at'),
  /** schedule | cli */
  trigger: text('trigger').notNull(),
  /** ok | failed */
  status: text('status').notNull(),
  file: text('file'),
  bytes: bigint('bytes', { mode: 'number' }),
  blobs: integer('blobs'),
  error: text('error'),
});

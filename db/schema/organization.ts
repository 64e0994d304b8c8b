import { check, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/**
 * Settings an administrator changes at run time (one row, id 'default'). Without a row the
 * environment's ORGANIZATION_NAME applies. The name goes into the subject of the next certificate
 * issued; certificates already issued keep theirs (a subject is part of what was signed).
 */
export const organizationSettings = pgTable(
  'organization_settings',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    updatedAt: ts('updated_at').notNull(),
    /** The staff account that last changed it (null for a CLI or an API key). */
    updatedBy: text('updated_by'),
  },
  (t) => [check('organization_settings_single_row', sql`${t.id} = 'default'`)],
);

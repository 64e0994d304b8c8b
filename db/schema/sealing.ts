import { bigint, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { signingRequests } from './signing';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/**
 * The sealed PDF of a fully signed request (lib/sealing): its bytes live in the blob store under
 * their SHA-256. A failed attempt (TSA down, ...) leaves status failed with the error; the next
 * attempt (on download, or the scheduled retry) replaces it. The request stays signed either way.
 */
export const sealedPdfs = pgTable('sealed_pdfs', {
  requestId: text('request_id')
    .primaryKey()
    .references(() => signingRequests.id),
  /** sealed | failed */
  status: text('status').notNull(),
  sha256: text('sha256'),
  size: bigint('size', { mode: 'number' }),
  /** in-place (the original PDF extended) | certificate (a new PDF carrying the original) */
  kind: text('kind'),
  /** Why a PDF was sealed as a certificate PDF: PDF_ENCRYPTED | PDF_UNREADABLE | PDF_NOT_INCREMENTAL. */
  fallback: text('fallback'),
  /** How many signature records the seal covers. */
  signatures: integer('signatures'),
  errorCode: text('error_code'),
  errorMessage: text('error_message'),
  attempts: integer('attempts').notNull(),
  sealedAt: ts('sealed_at'),
  updatedAt: ts('updated_at').notNull(),
});

import { sql } from 'drizzle-orm';
import { bigint, index, integer, pgTable, primaryKey, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { signatureRecords } from './signing';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/**
 * Every certificate the organisation has had (lib/pki, lib/certificates): the root CA, the signing
 * certificates and the TSA certificate. Old certificates stay for verification. DER and keys are
 * base64url text, byte-exact; private keys are AES-256-GCM encrypted (lib/pki/key-encryption.ts).
 */
export const certificates = pgTable(
  'certificates',
  {
    id: text('id').primaryKey(),
    /** root | signing | tsa */
    role: text('role').notNull(),
    /** local (issued by the built-in CA) | csr (issued by an external CA) | pkcs12 (imported) */
    source: text('source').notNull(),
    /** base64url DER X.509 certificate. */
    der: text('der').notNull(),
    /** base64url DER issuers above it, nearest first (for imported chains); null for the local PKI. */
    chain: text('chain'),
    /** base64url encrypted PKCS#8 key; null when Signet does not hold the key. */
    encryptedKey: text('encrypted_key'),
    subject: text('subject').notNull(),
    issuer: text('issuer').notNull(),
    /** Serial number, hex. */
    serial: text('serial').notNull(),
    /** SHA-256 of the DER, hex. */
    fingerprint: text('fingerprint').notNull(),
    notBefore: ts('not_before').notNull(),
    notAfter: ts('not_after').notNull(),
    /** active | inactive. At most one active certificate per role (index below). */
    status: text('status').notNull(),
    createdAt: ts('created_at').notNull(),
    activatedAt: ts('activated_at'),
    revokedAt: ts('revoked_at'),
    revocationReason: text('revocation_reason'),
  },
  (t) => [
    uniqueIndex('certificates_fingerprint_idx').on(t.fingerprint),
    // The database, not the application, guarantees one active certificate per role.
    uniqueIndex('certificates_active_role_idx').on(t.role).where(sql`${t.status} = 'active'`),
  ],
);

/** A key generated for an external CA: the PKCS#10 request waits here until its chain is imported. */
export const certificateRequests = pgTable('certificate_requests', {
  id: text('id').primaryKey(),
  /** PEM PKCS#10 CertificationRequest as downloaded. */
  csrPem: text('csr_pem').notNull(),
  subject: text('subject').notNull(),
  encryptedKey: text('encrypted_key').notNull(),
  createdAt: ts('created_at').notNull(),
  /** The certificate made from it, once its chain was imported. */
  certificateId: text('certificate_id').references(() => certificates.id),
});

/** The organisation's countersignature and RFC 3161 timestamp over one signature record. */
export const recordCountersignatures = pgTable(
  'record_countersignatures',
  {
    // Cascade: the countersignature belongs to its record; the ledger and audit name a deleted record.
    recordId: text('record_id')
      .primaryKey()
      .references(() => signatureRecords.id, { onDelete: 'cascade' }),
    certificateId: text('certificate_id')
      .notNull()
      .references(() => certificates.id),
    /** base64url of the exact canonical payload bytes that were signed. */
    payload: text('payload').notNull(),
    /** base64url DER ContentInfo (detached SignedData, CAdES-T). */
    cms: text('cms').notNull(),
    /** base64url DER TimeStampToken, also inside cms as signatureTimeStampToken. */
    timestamp: text('timestamp').notNull(),
    genTime: ts('gen_time').notNull(),
    signingTime: ts('signing_time').notNull(),
  },
  (t) => [index('record_countersignatures_certificate_idx').on(t.certificateId)],
);

/** One row per (certificate, threshold) reminder delivered: the primary key makes it once across instances. */
export const certificateReminders = pgTable(
  'certificate_reminders',
  {
    certificateId: text('certificate_id')
      .notNull()
      .references(() => certificates.id),
    /** Days before notAfter (CERT_REMINDER_DAYS). */
    threshold: integer('threshold').notNull(),
    sentAt: ts('sent_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.certificateId, t.threshold] })],
);

/**
 * Certificate lifecycle events, each logged as a signet.ledger.certificate/v1 leaf
 * (lib/ledger/certificate-leaf.ts) in the same transaction as the change it describes. Holds what
 * `npm run audit:verify` needs, with the certificates row, to re-derive the leaf byte for byte.
 * Append-only; no foreign key to the ledger, whose leaf names this row by id.
 */
export const certificateEvents = pgTable(
  'certificate_events',
  {
    id: text('id').primaryKey(),
    /** issue | activate | revoke */
    event: text('event').notNull(),
    certificateId: text('certificate_id')
      .notNull()
      .references(() => certificates.id),
    occurredAt: ts('occurred_at').notNull(),
    /** revoke only: the reason as logged and the time the key stopped being trusted. */
    revocationReason: text('revocation_reason'),
    revokedAt: ts('revoked_at'),
    /** The leaf's index in ledger_leaves. */
    ledgerIndex: bigint('ledger_index', { mode: 'number' }).notNull(),
  },
  (t) => [index('certificate_events_certificate_idx').on(t.certificateId), uniqueIndex('certificate_events_ledger_idx').on(t.ledgerIndex)],
);

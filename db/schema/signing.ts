import { sql } from 'drizzle-orm';
import { bigint, boolean, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** An uploaded file. The bytes live in the content-addressed blob store under their SHA-256. */
export const documents = pgTable(
  'documents',
  {
    id: text('id').primaryKey(),
    sha256: text('sha256').notNull(),
    size: bigint('size', { mode: 'number' }).notNull(),
    mediaType: text('media_type').notNull(),
    /** As the uploader named it: data only, never a path. */
    originalName: text('original_name').notNull(),
    createdAt: ts('created_at').notNull(),
  },
  // text_pattern_ops: a SHA-256 prefix search (LIKE 'ab12cd34%') uses the index under any collation.
  (t) => [index('documents_sha256_idx').on(t.sha256), index('documents_sha256_prefix_idx').on(t.sha256.op('text_pattern_ops'))],
);

/** Someone asked to sign. Account-free: identified by email when one is given, else per request. */
export const signers = pgTable(
  'signers',
  {
    id: text('id').primaryKey(),
    displayName: text('display_name').notNull(),
    /** Lower-cased; unique when present so a returning signer finds their passkey. */
    email: text('email'),
    /** WebAuthn user.id (base64url of 32 random bytes), never personal data. */
    webauthnUserId: text('webauthn_user_id').notNull(),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [
    uniqueIndex('signers_email_idx').on(t.email),
    uniqueIndex('signers_webauthn_user_id_idx').on(t.webauthnUserId),
    // Trigram indexes (pg_trgm) serve the history's case-insensitive substring search in any script.
    index('signers_display_name_trgm_idx').using('gin', t.displayName.op('gin_trgm_ops')),
    index('signers_email_trgm_idx').using('gin', t.email.op('gin_trgm_ops')),
  ],
);

export const signingRequests = pgTable(
  'signing_requests',
  {
    id: text('id').primaryKey(),
    documentId: text('document_id')
      .notNull()
      .references(() => documents.id),
    /** The first signer (request_signers lists them all). */
    signerId: text('signer_id')
      .notNull()
      .references(() => signers.id),
    title: text('title').notNull(),
    /** Who asked for the signature, as typed by the uploader (staff accounts come later). */
    requestedBy: text('requested_by'),
    documentType: text('document_type').notNull(),
    /**
     * Unused since signers have their own links (request_signers.token_hash); kept nullable so rows
     * written before stay as they were.
     */
    tokenHash: text('token_hash'),
    /** pending | opened | signed | declined | expired | cancelled */
    status: text('status').notNull(),
    createdAt: ts('created_at').notNull(),
    expiresAt: ts('expires_at').notNull(),
    openedAt: ts('opened_at'),
    signedAt: ts('signed_at'),
    declinedAt: ts('declined_at'),
    declineReason: text('decline_reason'),
    cancelledAt: ts('cancelled_at'),
    cancelReason: text('cancel_reason'),
    /** The declined, expired or cancelled request this one was re-requested from. */
    previousRequestId: text('previous_request_id'),
  },
  (t) => [
    uniqueIndex('signing_requests_token_hash_idx').on(t.tokenHash),
    index('signing_requests_created_at_idx').on(t.createdAt),
    // The history's keyset orders (lib/signing/request-where.ts): (sort key, id), read in either direction.
    index('signing_requests_created_id_idx').on(t.createdAt, t.id),
    index('signing_requests_signed_id_idx').on(sql`coalesce(${t.signedAt}, to_timestamp(0))`, t.id),
    index('signing_requests_title_id_idx').on(t.title, t.id),
    index('signing_requests_type_created_idx').on(t.documentType, t.createdAt, t.id),
    index('signing_requests_status_created_idx').on(t.status, t.createdAt, t.id),
    index('signing_requests_title_trgm_idx').using('gin', t.title.op('gin_trgm_ops')),
  ],
);

/** A signer's passkey. Evidence bytes are kept exactly as the authenticator sent them. */
export const credentials = pgTable(
  'credentials',
  {
    /** base64url credential ID as received. */
    id: text('id').primaryKey(),
    signerId: text('signer_id')
      .notNull()
      .references(() => signers.id),
    /** base64url COSE_Key exactly as in the attestation's authenticator data. */
    publicKeyCose: text('public_key_cose').notNull(),
    /** base64url SubjectPublicKeyInfo DER derived from the COSE key, for outside verifiers. */
    publicKeySpki: text('public_key_spki').notNull(),
    /** COSE algorithm identifier (-7 ES256, -8 EdDSA, -257 RS256, ...). */
    algorithm: integer('algorithm').notNull(),
    counter: bigint('counter', { mode: 'number' }).notNull(),
    transports: jsonb('transports').$type<string[]>().notNull(),
    deviceType: text('device_type').notNull(),
    backupEligible: boolean('backup_eligible').notNull(),
    backedUp: boolean('backed_up').notNull(),
    aaguid: text('aaguid').notNull(),
    /** base64url attestationObject and clientDataJSON of the registration, as received. */
    attestationObject: text('attestation_object').notNull(),
    registrationClientDataJson: text('registration_client_data_json').notNull(),
    createdAt: ts('created_at').notNull(),
    lastUsedAt: ts('last_used_at'),
  },
  (t) => [index('credentials_signer_idx').on(t.signerId)],
);

/** A WebAuthn challenge: single use, expires after 5 minutes, bound to one request. */
export const challenges = pgTable('challenges', {
  /** base64url challenge as sent to the browser. */
  challenge: text('challenge').primaryKey(),
  requestId: text('request_id')
    .notNull()
    .references(() => signingRequests.id),
  signerId: text('signer_id')
    .notNull()
    .references(() => signers.id),
  /** registration | signing */
  kind: text('kind').notNull(),
  /** base64url statement bytes whose SHA-256 is the challenge (signing only). */
  statement: text('statement'),
  createdAt: ts('created_at').notNull(),
  expiresAt: ts('expires_at').notNull(),
  usedAt: ts('used_at'),
});

/** A completed signature: everything a verifier needs, byte-exact as received. */
export const signatureRecords = pgTable(
  'signature_records',
  {
    id: text('id').primaryKey(),
    requestId: text('request_id')
      .notNull()
      .references(() => signingRequests.id),
    documentId: text('document_id')
      .notNull()
      .references(() => documents.id),
    signerId: text('signer_id')
      .notNull()
      .references(() => signers.id),
    credentialId: text('credential_id')
      .notNull()
      .references(() => credentials.id),
    statement: text('statement').notNull(),
    challenge: text('challenge').notNull(),
    clientDataJson: text('client_data_json').notNull(),
    authenticatorData: text('authenticator_data').notNull(),
    signature: text('signature').notNull(),
    userHandle: text('user_handle'),
    publicKeySpki: text('public_key_spki').notNull(),
    algorithm: integer('algorithm').notNull(),
    rpId: text('rp_id').notNull(),
    origin: text('origin').notNull(),
    counter: bigint('counter', { mode: 'number' }).notNull(),
    userVerified: boolean('user_verified').notNull(),
    backupEligible: boolean('backup_eligible').notNull(),
    backedUp: boolean('backed_up').notNull(),
    signedAt: ts('signed_at').notNull(),
    ip: text('ip'),
    userAgent: text('user_agent'),
  },
  // One signature per signer per request; a request has up to 20.
  (t) => [uniqueIndex('signature_records_request_signer_idx').on(t.requestId, t.signerId), index('signature_records_request_idx').on(t.requestId)],
);

import { bigint, boolean, index, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/**
 * Staff identity: people with roles who sign in with passkeys, their sessions, the
 * one-time links that enrol them, and API keys for automation. Signers are NOT here: they stay
 * account-free (db/schema/signing.ts). Every secret (session cookie, link token, API key) is stored
 * only as its SHA-256, so a database leak hands out nothing that works.
 */

/** A staff member. Roles: 'admin' | 'uploader' | 'auditor' (lib/auth/actor.ts), several allowed. */
export const staffUsers = pgTable('staff_users', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  roles: jsonb('roles').$type<string[]>().notNull(),
  /** An uploader who may see every document and request, not only their own (granted by an admin). */
  seesAll: boolean('sees_all').notNull().default(false),
  /** WebAuthn user.id (base64url of 32 random bytes), never personal data. */
  webauthnUserId: text('webauthn_user_id').notNull(),
  createdAt: ts('created_at').notNull(),
  /** Set when an admin removes the account; its sessions are revoked at the same time. */
  disabledAt: ts('disabled_at'),
  /** Display language (BCP 47: 'zh-CN' | 'en'); null follows the language cookie, then Accept-Language. */
  locale: text('locale'),
  /** IANA time zone for dates on server-rendered pages; null follows the browser's zone. */
  timeZone: text('time_zone'),
});

/** A staff passkey. Evidence bytes are kept exactly as the authenticator sent them. */
export const staffPasskeys = pgTable(
  'staff_passkeys',
  {
    /** base64url credential ID as received. */
    id: text('id').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => staffUsers.id),
    /** A label the owner can recognise ("Laptop", "YubiKey"). */
    label: text('label').notNull(),
    /** base64url COSE_Key exactly as in the attestation's authenticator data. */
    publicKeyCose: text('public_key_cose').notNull(),
    counter: bigint('counter', { mode: 'number' }).notNull(),
    transports: jsonb('transports').$type<string[]>().notNull(),
    deviceType: text('device_type').notNull(),
    backedUp: boolean('backed_up').notNull(),
    aaguid: text('aaguid').notNull(),
    /** base64url attestationObject and clientDataJSON of the registration, as received. */
    attestationObject: text('attestation_object').notNull(),
    registrationClientDataJson: text('registration_client_data_json').notNull(),
    createdAt: ts('created_at').notNull(),
    lastUsedAt: ts('last_used_at'),
  },
  (t) => [index('staff_passkeys_user_idx').on(t.userId)],
);

/** A staff WebAuthn challenge: single use, 5 minutes (as lib/signing's challenges). */
export const staffChallenges = pgTable('staff_challenges', {
  /** base64url challenge as sent to the browser. */
  challenge: text('challenge').primaryKey(),
  /** sign-in | enrol (via an invite) | add-passkey (a signed-in user's second passkey) */
  kind: text('kind').notNull(),
  /** enrol: the invite; add-passkey: the user. Null for sign-in (discoverable credentials). */
  inviteId: text('invite_id'),
  userId: text('user_id'),
  /** enrol: the WebAuthn user.id offered, so the new account gets exactly that handle. */
  webauthnUserId: text('webauthn_user_id'),
  createdAt: ts('created_at').notNull(),
  expiresAt: ts('expires_at').notNull(),
  usedAt: ts('used_at'),
});

/** A signed-in browser. The id is SHA-256 (hex) of the random cookie token. */
export const staffSessions = pgTable(
  'staff_sessions',
  {
    id: text('id').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => staffUsers.id),
    createdAt: ts('created_at').notNull(),
    lastSeenAt: ts('last_seen_at').notNull(),
    /** Absolute end (SESSION_MAX_HOURS after sign-in); idle end is lastSeenAt + SESSION_IDLE_MINUTES. */
    expiresAt: ts('expires_at').notNull(),
    revokedAt: ts('revoked_at'),
    ip: text('ip'),
    userAgent: text('user_agent'),
  },
  (t) => [index('staff_sessions_user_idx').on(t.userId)],
);

/** A one-time enrolment link: the first-start setup link, or an admin's invite. */
export const staffInvites = pgTable(
  'staff_invites',
  {
    id: text('id').primaryKey(),
    /** SHA-256 (hex) of the link token. */
    tokenHash: text('token_hash').notNull(),
    /** setup (first admin / recovery, from the server log or CLI) | invite (from an admin) */
    kind: text('kind').notNull(),
    /** Name the new account will carry (the invitee may not change it). */
    name: text('name').notNull(),
    roles: jsonb('roles').$type<string[]>().notNull(),
    createdBy: text('created_by'),
    createdAt: ts('created_at').notNull(),
    expiresAt: ts('expires_at').notNull(),
    usedAt: ts('used_at'),
    usedBy: text('used_by'),
    revokedAt: ts('revoked_at'),
  },
  (t) => [uniqueIndex('staff_invites_token_hash_idx').on(t.tokenHash)],
);

/** An API key (`Authorization: Bearer sk_…`), shown once; only its SHA-256 is kept. */
export const apiKeys = pgTable(
  'api_keys',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    /** SHA-256 (hex) of the whole key. */
    tokenHash: text('token_hash').notNull(),
    /** The first characters of the key, so people can tell their keys apart. */
    prefix: text('prefix').notNull(),
    roles: jsonb('roles').$type<string[]>().notNull(),
    createdBy: text('created_by'),
    createdAt: ts('created_at').notNull(),
    expiresAt: ts('expires_at'),
    revokedAt: ts('revoked_at'),
    lastUsedAt: ts('last_used_at'),
  },
  (t) => [uniqueIndex('api_keys_token_hash_idx').on(t.tokenHash)],
);

/**
 * Who created a document or signing request, so an uploader sees only their own. A separate table
 * rather than a column keeps the signing schema untouched; rows from before staff accounts have no
 * owner and are visible to admins, auditors and "sees all" uploaders only.
 */
export const resourceOwners = pgTable(
  'resource_owners',
  {
    /** document | request */
    resourceKind: text('resource_kind').notNull(),
    resourceId: text('resource_id').notNull(),
    /** staff | api_key */
    ownerKind: text('owner_kind').notNull(),
    ownerId: text('owner_id').notNull(),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.resourceKind, t.resourceId, t.ownerKind, t.ownerId] }), index('resource_owners_owner_idx').on(t.ownerKind, t.ownerId)],
);

import { bigint, integer, pgTable, primaryKey, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/**
 * The signing ledger: an RFC 9162 Merkle log of every completed signature (lib/ledger, lib/audit).
 * Hashes are base64url text (32 bytes → 43 characters) so both drivers read them the same way.
 */

/** One log entry: the exact leaf bytes hashed into the tree, and the record they describe. */
export const ledgerLeaves = pgTable(
  'ledger_leaves',
  {
    /** Leaf index, 0-based, gapless: the position in the tree. */
    idx: bigint('idx', { mode: 'number' }).primaryKey(),
    /** What the leaf describes: "signature" (a signature record) or "certificate" (a certificate_events row). */
    kind: text('kind').notNull(),
    /** base64url of the exact leaf bytes (lib/ledger/signature-leaf.ts). */
    data: text('data').notNull(),
    /**
     * The signature record (or certificate event) the leaf describes. Deliberately no foreign key: the log outlives
     * whatever happens to the records, and `npm run audit:verify` names a leaf whose record is gone.
     */
    recordId: text('record_id').notNull(),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [uniqueIndex('ledger_leaves_record_idx').on(t.recordId)],
);

/** Perfect-subtree hashes (level, idx), written once when their last leaf arrives, never updated. */
export const ledgerNodes = pgTable(
  'ledger_nodes',
  {
    level: integer('level').notNull(),
    idx: bigint('idx', { mode: 'number' }).notNull(),
    /** base64url SHA-256. */
    hash: text('hash').notNull(),
  },
  (t) => [primaryKey({ columns: [t.level, t.idx] })],
);

/** One signed checkpoint per tree size the log ever published. */
export const ledgerCheckpoints = pgTable('ledger_checkpoints', {
  treeSize: bigint('tree_size', { mode: 'number' }).primaryKey(),
  /** base64url root hash at that size. */
  rootHash: text('root_hash').notNull(),
  /** The whole signed note (c2sp.org/tlog-checkpoint in c2sp.org/signed-note), as served. */
  checkpoint: text('checkpoint').notNull(),
  createdAt: ts('created_at').notNull(),
});

/**
 * The single row every append locks (SELECT … FOR UPDATE), so appends from any number of
 * instances are serialised and leaf indexes stay gapless and unique.
 */
export const ledgerHead = pgTable('ledger_head', {
  id: integer('id').primaryKey(),
  treeSize: bigint('tree_size', { mode: 'number' }).notNull(),
  /**
   * The frontier (right edge) at `frontierSize`: the base64url hashes of the perfect subtrees of the
   * root, left to right, joined by "." (lib/ledger/append-leaves.ts appendNodeIds). A cache of
   * ledger_nodes rows so an append reads nothing but this row; used only while frontierSize equals
   * treeSize, so an appender that does not maintain it merely costs the next append a node read.
   */
  frontier: text('frontier'),
  frontierSize: bigint('frontier_size', { mode: 'number' }),
});

/** The log's Ed25519 signing key; the private half encrypted under the master key (lib/pki/key-encryption). */
export const ledgerKeys = pgTable('ledger_keys', {
  id: integer('id').primaryKey(),
  /** base64url of the 32-byte RFC 8032 public key. */
  publicKey: text('public_key').notNull(),
  /** base64url of the encryptPrivateKey blob of the PKCS#8 private key. */
  encryptedPrivateKey: text('encrypted_private_key').notNull(),
  createdAt: ts('created_at').notNull(),
});

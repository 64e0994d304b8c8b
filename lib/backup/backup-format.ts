/**
 * The backup archive (docs/operations.md, "Backup and restore"): an age-encrypted file (passphrase,
 * scrypt; age-encryption.org/v1) holding a POSIX tar whose first entry is manifest.json, then one
 * NDJSON file per table (db/<table>.ndjson, a row_to_json object per line, in foreign-key order),
 * then every document blob the database references, once each (blobs/<sha256>), then
 * keys/master.key when the master key is a file in DATA_DIR.
 */
export const BACKUP_FORMAT = 'signet.backup/v1';
export const MANIFEST = 'manifest.json';
export const MASTER_KEY_ENTRY = 'keys/master.key';
export const tableEntry = (table: string): string => `db/${table}.ndjson`;
export const blobEntry = (sha256: string): string => `blobs/${sha256}`;

export interface BackupManifest {
  format: typeof BACKUP_FORMAT;
  createdAt: string;
  /** The database the backup was taken from. */
  source: 'pglite' | 'postgres';
  /** drizzle migration hashes applied to the source, oldest first: a restore target must match. */
  migrations: string[];
  /** Tables in the order a restore inserts them (parents before children), with their row counts. */
  tables: { name: string; rows: number }[];
  /**
   * Every referenced blob. `damaged`: its bytes no longer hash to its name (the store was altered, as
   * audit:verify reports); it is kept as found, so a restore reproduces the evidence of that too.
   */
  blobs: { sha256: string; size: number; damaged?: true }[];
  /** "file": keys/master.key is in the archive; "environment": set the same SIGNET_MASTER_KEY to restore. */
  masterKey: 'file' | 'environment';
}

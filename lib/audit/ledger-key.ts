import { createPrivateKey, type KeyObject } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { schema, type Database } from '@/db/client';
import type { Context } from '../context';
import { rawEd25519PublicKey } from '../ledger/sign-note';
import { decryptPrivateKey, encryptPrivateKey } from '../pki/key-encryption';
import { masterKey } from '../pki/master-key';
import { b64u, fromB64u } from './ledger-store';

/** Binds the encrypted blob to its purpose (key-encryption.ts AAD context). */
const KEY_CONTEXT = 'ledger';
const KEY_ROW = 1;
/** PKCS#8 PrivateKeyInfo header for Ed25519 (OID 1.3.101.112) up to the 32-byte seed. */
const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

export interface LedgerKey {
  privateKey: KeyObject;
  /** 32-byte RFC 8032 public key. */
  publicKey: Uint8Array;
}

// One decrypted key per open database; the key never changes once created.
const cache = new WeakMap<Database, Promise<LedgerKey>>();

/**
 * The log's Ed25519 key, created on first use. Several instances may start at once: each inserts
 * its own candidate with ON CONFLICT DO NOTHING and then everyone reads back the row that won, so
 * one key signs every checkpoint. The master key is SIGNET_MASTER_KEY or `<dataDir>/master.key`;
 * instances sharing a database must share it (set SIGNET_MASTER_KEY).
 */
export function ledgerKey(ctx: Context): Promise<LedgerKey> {
  let key = cache.get(ctx.database);
  if (!key) {
    key = loadOrCreateKey(ctx);
    cache.set(ctx.database, key);
    key.catch(() => cache.delete(ctx.database));
  }
  return key;
}

async function loadOrCreateKey(ctx: Context): Promise<LedgerKey> {
  const master = await masterKey(ctx);
  const [existing] = await ctx.db.select().from(schema.ledgerKeys).where(eq(schema.ledgerKeys.id, KEY_ROW));
  if (!existing) {
    // RFC 8410 §7: an Ed25519 private key is its 32-byte seed; wrapping ctx.random's bytes in the
    // fixed PKCS#8 prefix keeps key creation on the injected randomness.
    const pkcs8 = Buffer.concat([ED25519_PKCS8_PREFIX, Buffer.from(ctx.random.bytes(32))]);
    const privateKey = createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' });
    const encrypted = encryptPrivateKey(new Uint8Array(pkcs8), master.key, { context: KEY_CONTEXT, randomBytes: (n) => ctx.random.bytes(n) });
    await ctx.db
      .insert(schema.ledgerKeys)
      .values({ id: KEY_ROW, publicKey: b64u(rawEd25519PublicKey(privateKey)), encryptedPrivateKey: b64u(encrypted), createdAt: ctx.clock.now() })
      .onConflictDoNothing();
  }
  const [row] = await ctx.db.select().from(schema.ledgerKeys).where(eq(schema.ledgerKeys.id, KEY_ROW));
  if (!row) throw new Error('expected the ledger key row after creating it; it is absent');
  const pkcs8 = decryptPrivateKey(fromB64u(row.encryptedPrivateKey), master.key, { context: KEY_CONTEXT });
  const privateKey = createPrivateKey({ key: Buffer.from(pkcs8), format: 'der', type: 'pkcs8' });
  return { privateKey, publicKey: fromB64u(row.publicKey) };
}

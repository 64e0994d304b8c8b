import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { chmod, mkdir, open, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { PkiError } from './pki-errors';

/**
 * Private keys at rest: AES-256-GCM (NIST SP 800-38D) under a 32-byte master key.
 *
 * Blob format, version 1 (all lengths in bytes):
 *
 *     offset  length  field
 *     0       1       version = 0x01
 *     1       12      nonce (96-bit GCM IV, random per encryption, SP 800-38D §8.2.2)
 *     13      n       ciphertext of the PKCS#8 DER private key (same length as the plaintext)
 *     13+n    16      GCM authentication tag (128 bits)
 *
 *     additional authenticated data = "signet/private-key/v1" ‖ 0x00 ‖ UTF-8(context)
 *
 * The version byte is inside the AAD's label, so a blob cannot be re-labelled as another version,
 * and `context` (e.g. "organization", "tsa") binds a blob to its purpose: the TSA's encrypted key
 * pasted into the organisation key's column does not decrypt. A later version changes the first
 * byte; decryptPrivateKey refuses versions it does not know.
 *
 * The master key comes from SIGNET_MASTER_KEY (32 bytes as 64 hex digits or base64), or, when that
 * is unset, from a key file created on first use (mode 0600). A key file beside the data it
 * protects only guards against leaks of the database alone (backups, dumps); operators should set
 * SIGNET_MASTER_KEY from a secret store, which is why loadMasterKey reports `created` so the
 * caller can log a startup warning.
 */

export const MASTER_KEY_ENV = 'SIGNET_MASTER_KEY';
export const MASTER_KEY_FILE = 'master.key';
export const KEY_BLOB_VERSION = 1;

const KEY_BYTES = 32;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
const AAD_LABEL = 'signet/private-key/v1';

function aad(context: string): Buffer {
  return Buffer.concat([Buffer.from(AAD_LABEL, 'utf8'), Buffer.from([0]), Buffer.from(context, 'utf8')]);
}

/**
 * Reads a 32-byte master key written as 64 hex digits or as base64 (standard or URL-safe, padding
 * optional). MASTER_KEY_INVALID otherwise; the message never repeats the value (it is a secret).
 */
export function parseMasterKey(value: string, source = MASTER_KEY_ENV): Uint8Array {
  const v = value.trim();
  let bytes: Buffer | undefined;
  if (/^[0-9a-fA-F]+$/.test(v) && v.length === KEY_BYTES * 2) {
    bytes = Buffer.from(v, 'hex');
  } else if (/^[A-Za-z0-9+/_-]+={0,2}$/.test(v)) {
    bytes = Buffer.from(v.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  }
  if (!bytes || bytes.length !== KEY_BYTES) {
    const found = bytes ? `${v.length} characters decoding to ${bytes.length} bytes` : `${v.length} characters that are neither hex nor base64`;
    throw new PkiError(
      'MASTER_KEY_INVALID',
      `expected ${source} to be ${KEY_BYTES} bytes written as 64 hex digits or 44 base64 characters (e.g. \`openssl rand -base64 32\`), found ${found}`,
    );
  }
  return new Uint8Array(bytes);
}

export interface MasterKey {
  key: Uint8Array;
  /** Where it came from. */
  source: 'env' | 'file';
  /** The key file, when source is 'file'. */
  file?: string;
  /** True when this call created the key file: log a warning that the key lives beside the data. */
  created: boolean;
}

export interface LoadMasterKeyInput {
  /** The environment (process.env in production). */
  env: Record<string, string | undefined>;
  /** Directory for the key file when SIGNET_MASTER_KEY is unset (e.g. the data directory). */
  keyDir: string;
  /** Randomness for a new key; node:crypto unless a test injects its own. */
  randomBytes?: (length: number) => Uint8Array;
}

/**
 * The master key: from SIGNET_MASTER_KEY when set, else from `<keyDir>/master.key`, creating it
 * (32 random bytes, base64, mode 0600, exclusive create so two processes never both write one)
 * when absent. Refuses (MASTER_KEY_INVALID) a key file that group or others may read or write.
 */
export async function loadMasterKey(input: LoadMasterKeyInput): Promise<MasterKey> {
  const fromEnv = input.env[MASTER_KEY_ENV];
  if (fromEnv !== undefined && fromEnv.trim() !== '') {
    return { key: parseMasterKey(fromEnv), source: 'env', created: false };
  }
  const file = path.join(input.keyDir, MASTER_KEY_FILE);
  try {
    return { key: await readKeyFile(file), source: 'file', file, created: false };
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  await mkdir(input.keyDir, { recursive: true, mode: 0o700 });
  const key = new Uint8Array(input.randomBytes?.(KEY_BYTES) ?? randomBytes(KEY_BYTES));
  if (key.length !== KEY_BYTES) throw new RangeError(`expected ${KEY_BYTES} random bytes, got ${key.length}`);
  let handle;
  try {
    handle = await open(file, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600);
  } catch (e) {
    // Another process created it between our read and our create: use theirs.
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return { key: await readKeyFile(file), source: 'file', file, created: false };
    throw e;
  }
  try {
    await handle.writeFile(`${Buffer.from(key).toString('base64')}\n`, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  await chmod(file, 0o600); // exactly 0600 whatever the umask did to the create mode
  return { key, source: 'file', file, created: true };
}

async function readKeyFile(file: string): Promise<Uint8Array> {
  const info = await stat(file);
  if (process.platform !== 'win32' && (info.mode & 0o077) !== 0) {
    throw new PkiError(
      'MASTER_KEY_INVALID',
      `expected the master key file ${file} to be private (mode 0600), found mode 0${(info.mode & 0o777).toString(8)}: run chmod 600 on it`,
    );
  }
  return parseMasterKey(await readFile(file, 'utf8'), `the master key file ${file}`);
}

function assertMasterKey(masterKey: Uint8Array): void {
  if (masterKey.length !== KEY_BYTES) throw new PkiError('MASTER_KEY_INVALID', `expected a ${KEY_BYTES}-byte master key, found ${masterKey.length} bytes`);
}

/**
 * Encrypts a PKCS#8 private key under the master key (format above). `context` names the key's
 * purpose and must be given again to decrypt.
 */
export function encryptPrivateKey(
  pkcs8: Uint8Array,
  masterKey: Uint8Array,
  options: { context?: string; randomBytes?: (length: number) => Uint8Array } = {},
): Uint8Array {
  assertMasterKey(masterKey);
  const nonce = Buffer.from(options.randomBytes?.(NONCE_BYTES) ?? randomBytes(NONCE_BYTES));
  if (nonce.length !== NONCE_BYTES) throw new RangeError(`expected a ${NONCE_BYTES}-byte nonce, got ${nonce.length}`);
  const cipher = createCipheriv('aes-256-gcm', masterKey, nonce, { authTagLength: TAG_BYTES });
  cipher.setAAD(aad(options.context ?? ''));
  const ciphertext = Buffer.concat([cipher.update(pkcs8), cipher.final()]);
  return new Uint8Array(Buffer.concat([Buffer.from([KEY_BLOB_VERSION]), nonce, ciphertext, cipher.getAuthTag()]));
}

/**
 * Decrypts a blob made by encryptPrivateKey. KEY_DECRYPT_FAILED when the version is unknown, the
 * blob is truncated, or authentication fails (wrong master key, wrong context, or tampering).
 */
export function decryptPrivateKey(blob: Uint8Array, masterKey: Uint8Array, options: { context?: string } = {}): Uint8Array {
  assertMasterKey(masterKey);
  if (blob.length < 1 + NONCE_BYTES + TAG_BYTES + 1) {
    throw new PkiError('KEY_DECRYPT_FAILED', `expected an encrypted key blob of at least ${1 + NONCE_BYTES + TAG_BYTES + 1} bytes, found ${blob.length}`);
  }
  if (blob[0] !== KEY_BLOB_VERSION) {
    throw new PkiError('KEY_DECRYPT_FAILED', `expected encrypted key blob version ${KEY_BLOB_VERSION}, found version ${String(blob[0])}`);
  }
  const nonce = blob.subarray(1, 1 + NONCE_BYTES);
  const tag = blob.subarray(blob.length - TAG_BYTES);
  const ciphertext = blob.subarray(1 + NONCE_BYTES, blob.length - TAG_BYTES);
  const decipher = createDecipheriv('aes-256-gcm', masterKey, nonce, { authTagLength: TAG_BYTES });
  decipher.setAAD(aad(options.context ?? ''));
  decipher.setAuthTag(tag);
  try {
    return new Uint8Array(Buffer.concat([decipher.update(ciphertext), decipher.final()]));
  } catch (e) {
    throw new PkiError(
      'KEY_DECRYPT_FAILED',
      `expected the key blob to authenticate under the master key with context "${options.context ?? ''}"; it does not (wrong master key, wrong context, or the blob was altered)`,
      { cause: e },
    );
  }
}

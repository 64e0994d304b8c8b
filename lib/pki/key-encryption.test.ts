import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createLocalPki } from './create-local-pki';
import { decryptPrivateKey, encryptPrivateKey, KEY_BLOB_VERSION, loadMasterKey, MASTER_KEY_ENV, MASTER_KEY_FILE, parseMasterKey } from './key-encryption';
import { isPkiError } from './pki-errors';

const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(path.join(tmpdir(), 'signet-mk-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return isPkiError(e) ? e.code : `not a PkiError: ${String(e)}`;
  }
  return undefined;
}

describe('parseMasterKey', () => {
  const key = randomBytes(32);
  it('accepts 32 bytes as hex, base64 and base64url', () => {
    expect(parseMasterKey(key.toString('hex'))).toEqual(new Uint8Array(key));
    expect(parseMasterKey(key.toString('hex').toUpperCase())).toEqual(new Uint8Array(key));
    expect(parseMasterKey(key.toString('base64'))).toEqual(new Uint8Array(key));
    expect(parseMasterKey(key.toString('base64url'))).toEqual(new Uint8Array(key));
    expect(parseMasterKey(` ${key.toString('base64')}\n`)).toEqual(new Uint8Array(key));
  });
  it('refuses other lengths and non-encodings without echoing the value', () => {
    for (const bad of [randomBytes(16).toString('hex'), randomBytes(31).toString('base64'), randomBytes(33).toString('base64'), 'correct horse battery staple', '']) {
      let err: unknown;
      try {
        parseMasterKey(bad);
      } catch (e) {
        err = e;
      }
      expect(isPkiError(err) && err.code).toBe('MASTER_KEY_INVALID');
      if (bad.length > 0) expect((err as Error).message).not.toContain(bad);
      expect((err as Error).message).toMatch(/expected SIGNET_MASTER_KEY to be 32 bytes/);
    }
  });
});

describe('loadMasterKey', () => {
  it('prefers SIGNET_MASTER_KEY and creates no file', async () => {
    const dir = tempDir();
    const key = randomBytes(32);
    const mk = await loadMasterKey({ env: { [MASTER_KEY_ENV]: key.toString('base64') }, keyDir: dir });
    expect(mk).toEqual({ key: new Uint8Array(key), source: 'env', created: false });
    expect(existsSync(path.join(dir, MASTER_KEY_FILE))).toBe(false);
  });

  it('refuses a malformed SIGNET_MASTER_KEY (no silent fallback to the file)', async () => {
    await expect(loadMasterKey({ env: { [MASTER_KEY_ENV]: 'abc' }, keyDir: tempDir() })).rejects.toMatchObject({ code: 'MASTER_KEY_INVALID' });
  });

  it('without the env value, creates a 0600 key file once and reads it back after', async () => {
    const dir = path.join(tempDir(), 'nested', 'data');
    const first = await loadMasterKey({ env: {}, keyDir: dir });
    expect(first.created).toBe(true);
    expect(first.source).toBe('file');
    expect(first.key).toHaveLength(32);
    const file = path.join(dir, MASTER_KEY_FILE);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(Buffer.from(readFileSync(file, 'utf8').trim(), 'base64')).toEqual(Buffer.from(first.key));

    const second = await loadMasterKey({ env: { [MASTER_KEY_ENV]: '  ' }, keyDir: dir });
    expect(second).toEqual({ key: first.key, source: 'file', file, created: false });
  });

  it('refuses a key file that others can read, and one with a bad key', async () => {
    const dir = tempDir();
    const file = path.join(dir, MASTER_KEY_FILE);
    writeFileSync(file, randomBytes(32).toString('base64'), { mode: 0o644 });
    chmodSync(file, 0o644);
    await expect(loadMasterKey({ env: {}, keyDir: dir })).rejects.toMatchObject({ code: 'MASTER_KEY_INVALID', message: expect.stringMatching(/mode 0644/) });
    writeFileSync(file, 'short', { mode: 0o600 });
    chmodSync(file, 0o600);
    await expect(loadMasterKey({ env: {}, keyDir: dir })).rejects.toMatchObject({ code: 'MASTER_KEY_INVALID' });
  });
});

describe('encryptPrivateKey / decryptPrivateKey', () => {
  const master = new Uint8Array(randomBytes(32));

  it('round-trips a PKCS#8 key; the blob is version ‖ nonce ‖ ciphertext ‖ tag', async () => {
    const pki = await createLocalPki({ organizationName: 'Acme', now: new Date() });
    const pkcs8 = pki.organization.privateKey;
    const blob = encryptPrivateKey(pkcs8, master, { context: 'organization' });
    expect(blob[0]).toBe(KEY_BLOB_VERSION);
    expect(blob.length).toBe(1 + 12 + pkcs8.length + 16);
    expect(Buffer.from(blob).includes(Buffer.from(pkcs8.subarray(0, 16)))).toBe(false);
    expect(decryptPrivateKey(blob, master, { context: 'organization' })).toEqual(pkcs8);
    // A fresh nonce each time.
    expect(encryptPrivateKey(pkcs8, master, { context: 'organization' })).not.toEqual(blob);
  });

  it('is deterministic with an injected nonce source', () => {
    const fixed = () => new Uint8Array(12).fill(7);
    const a = encryptPrivateKey(new Uint8Array([1, 2, 3]), master, { randomBytes: fixed });
    expect(Buffer.from(a.subarray(1, 13))).toEqual(Buffer.alloc(12, 7));
    expect(encryptPrivateKey(new Uint8Array([1, 2, 3]), master, { randomBytes: fixed })).toEqual(a);
  });

  it('refuses a wrong master key, a wrong context, tampering, truncation and unknown versions', () => {
    const blob = encryptPrivateKey(new Uint8Array(randomBytes(100)), master, { context: 'tsa' });
    expect(codeOf(() => decryptPrivateKey(blob, new Uint8Array(randomBytes(32)), { context: 'tsa' }))).toBe('KEY_DECRYPT_FAILED');
    expect(codeOf(() => decryptPrivateKey(blob, master, { context: 'organization' }))).toBe('KEY_DECRYPT_FAILED');
    for (const i of [1, 20, blob.length - 1]) {
      const t = new Uint8Array(blob);
      t[i] = (t[i] ?? 0) ^ 1;
      expect(codeOf(() => decryptPrivateKey(t, master, { context: 'tsa' }))).toBe('KEY_DECRYPT_FAILED');
    }
    expect(codeOf(() => decryptPrivateKey(blob.subarray(0, 20), master, { context: 'tsa' }))).toBe('KEY_DECRYPT_FAILED');
    const v2 = new Uint8Array(blob);
    v2[0] = 2;
    expect(codeOf(() => decryptPrivateKey(v2, master, { context: 'tsa' }))).toBe('KEY_DECRYPT_FAILED');
    expect(codeOf(() => decryptPrivateKey(blob, master.subarray(0, 16), { context: 'tsa' }))).toBe('MASTER_KEY_INVALID');
  });
});

/**
 * exportPkcs12 checked by OpenSSL 3 and by our own importer:
 *
 *   openssl pkcs12 -in backup.p12 -passin pass:<password> -nodes   (reads PBES2/AES-256-CBC + HMAC-SHA256)
 */
import { createPublicKey } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { schema } from '@/db/client';
import { createTestContext, type TestContext } from '@/test/support/context';
import { isAppError } from '../errors';
import { x509, toArrayBuffer } from '../pki/crypto';
import { importPkcs12 } from '../pki/import-pkcs12';
import { openssl, scratchDir } from '../pki/test-support';
import { activeCertificate, fromB64u, trustedRoots } from './certificate-store';
import { exportPkcs12 } from './export-pkcs12';
import { ensurePki } from './ensure-pki';

const PASSWORD = 'backup – pass phrase'; // non-ASCII on purpose (UTF-8 PBKDF2, BMPString MAC)

let ctx: TestContext | undefined;
afterEach(async () => {
  await ctx?.dispose();
  ctx = undefined;
});

const spki = (pem: string): string => createPublicKey(pem).export({ type: 'spki', format: 'der' }).toString('base64');

describe('exportPkcs12 (backup of the active signing key)', () => {
  it('writes a PKCS#12 that OpenSSL 3 opens with the password: the active certificate, its chain and the matching key', async () => {
    ctx = await createTestContext();
    const { signing } = await ensurePki(ctx);
    const root = (await activeCertificate(ctx, 'root'))!;
    const out = await exportPkcs12(ctx, PASSWORD);
    expect(out.certificateId).toBe(signing.id);

    const scratch = scratchDir();
    try {
      scratch.write('backup.p12', out.p12);
      const r = openssl(['pkcs12', '-in', 'backup.p12', '-passin', `pass:${PASSWORD}`, '-nodes'], scratch.dir);
      expect(r.code, r.stderr).toBe(0);
      const certs = [...r.stdout.matchAll(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g)].map((m) => new x509.X509Certificate(m[0]));
      expect(certs.map((c) => Buffer.from(c.rawData).toString('base64url'))).toEqual([signing.der, root.der]);
      const keyPem = /-----BEGIN PRIVATE KEY-----[\s\S]+?-----END PRIVATE KEY-----/.exec(r.stdout)?.[0];
      expect(keyPem).toBeDefined();
      // The key matches the certificate: same public key (SubjectPublicKeyInfo, RFC 5280 §4.1.2.7).
      expect(spki(keyPem!)).toBe(Buffer.from(certs[0]!.publicKey.rawData).toString('base64'));

      const info = openssl(['pkcs12', '-in', 'backup.p12', '-passin', `pass:${PASSWORD}`, '-info', '-noout'], scratch.dir);
      expect(info.code, info.stderr).toBe(0);
      expect(`${info.stdout}${info.stderr}`).toMatch(/MAC: sha256/);
      expect(`${info.stdout}${info.stderr}`).toMatch(/PBES2, PBKDF2, AES-256-CBC, Iteration \d+, PRF hmacWithSHA256/);

      const wrong = openssl(['pkcs12', '-in', 'backup.p12', '-passin', 'pass:not the password', '-nodes'], scratch.dir);
      expect(wrong.code).not.toBe(0);
      expect(wrong.stdout).not.toContain('PRIVATE KEY');
    } finally {
      scratch.remove();
    }
  });

  it('round-trips through importPkcs12: the same certificate, chain and key', async () => {
    ctx = await createTestContext();
    const { signing } = await ensurePki(ctx);
    const root = (await activeCertificate(ctx, 'root'))!;
    const { p12 } = await exportPkcs12(ctx, PASSWORD);
    const identity = await importPkcs12({ p12, password: PASSWORD, trustedRoots: await trustedRoots(ctx), now: ctx.clock.now() });
    expect(Buffer.from(identity.certificate).toString('base64url')).toBe(signing.der);
    expect(identity.chain.map((d) => Buffer.from(d).toString('base64url'))).toEqual([root.der]);
    const cert = new x509.X509Certificate(toArrayBuffer(fromB64u(signing.der)));
    const keyPem = `-----BEGIN PRIVATE KEY-----\n${Buffer.from(identity.privateKey).toString('base64')}\n-----END PRIVATE KEY-----\n`;
    expect(spki(keyPem)).toBe(Buffer.from(cert.publicKey.rawData).toString('base64'));
    await expect(importPkcs12({ p12, password: 'wrong password', now: ctx.clock.now() })).rejects.toMatchObject({ code: 'PKCS12_PASSWORD' });
  });

  it('refuses a password shorter than 8 characters (PKCS12_PASSWORD_REQUIRED) and changes nothing', async () => {
    ctx = await createTestContext();
    await ensurePki(ctx);
    const before = { rows: await ctx.db.select().from(schema.certificates), active: (await activeCertificate(ctx, 'signing'))?.id };
    for (const password of ['', 'short', '1234567', 'äöü']) {
      const error = await exportPkcs12(ctx, password).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(isAppError(error) && error.code, `password ${JSON.stringify(password)}`).toBe('PKCS12_PASSWORD_REQUIRED');
      expect(isAppError(error) && error.message).toMatch(/at least 8 characters.*got \d/);
    }
    expect({ rows: await ctx.db.select().from(schema.certificates), active: (await activeCertificate(ctx, 'signing'))?.id }).toEqual(before);
  });
});

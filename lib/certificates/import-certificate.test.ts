import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { schema } from '@/db/client';
import { createTestContext, type TestContext } from '@/test/support/context';
import type { Context } from '../context';
import { isAppError } from '../errors';
import { createLocalPki, type LocalPki } from '../pki/create-local-pki';
import { nodeCrypto, toArrayBuffer, x509 } from '../pki/crypto';
import { toPem } from '../pki/pem';
import { scratchDir } from '../pki/test-support';
import { activeCertificate } from './certificate-store';
import { ensurePki } from './ensure-pki';
import { createCertificateRequest, importIssuedChain, importPkcs12Certificate } from './import-certificate';
import { testSignature } from './test-signature';

let ctx: TestContext | undefined;
afterEach(async () => {
  await ctx?.dispose();
  ctx = undefined;
});

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    return isAppError(e) ? e.code : `not an AppError: ${String(e)}`;
  }
  return 'no error';
}

/** An external CA issuing a certificate for the CSR's key with the given key usage. */
async function issueFor(ca: LocalPki, csrPem: string, now: Date, usage = x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation): Promise<string> {
  const csr = new x509.Pkcs10CertificateRequest(csrPem);
  const root = new x509.X509Certificate(toArrayBuffer(ca.root.certificate));
  const caKey = await nodeCrypto.subtle.importKey('pkcs8', toArrayBuffer(ca.root.privateKey), { name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign']);
  const cert = await x509.X509CertificateGenerator.create(
    {
      serialNumber: '0a1b2c3d',
      subject: csr.subject,
      issuer: root.subject,
      notBefore: now,
      notAfter: new Date(now.getTime() + 365 * 86_400_000),
      signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' },
      publicKey: await csr.publicKey.export(nodeCrypto),
      signingKey: caKey,
      extensions: [new x509.KeyUsagesExtension(usage, true), new x509.BasicConstraintsExtension(false, undefined, true)],
    },
    nodeCrypto,
  );
  return `${cert.toString('pem')}\n${toPem(ca.root.certificate, 'CERTIFICATE')}\n`;
}

async function snapshot(c: Context) {
  return { certificates: (await c.db.select().from(schema.certificates)).length, active: (await activeCertificate(c, 'signing'))?.id };
}

describe('renewal with an external CA (CSR + chain) and PKCS#12 import', () => {
  it('imports the chain issued for the CSR, activates it, and the test signature verifies', async () => {
    ctx = await createTestContext();
    const old = (await ensurePki(ctx)).signing;
    const ca = await createLocalPki({ organizationName: 'Public CA', now: ctx.clock.now() });
    const { id, csrPem } = await createCertificateRequest(ctx);
    expect(csrPem).toContain('BEGIN CERTIFICATE REQUEST');
    const row = await importIssuedChain(ctx, id, await issueFor(ca, csrPem, ctx.clock.now()));
    expect(row.source).toBe('csr');
    expect((await activeCertificate(ctx, 'signing'))?.id).toBe(row.id);
    expect((await activeCertificate(ctx, 'signing'))?.id).not.toBe(old.id);
    const test = await testSignature(ctx);
    expect(test.checks.filter((c) => !c.ok)).toEqual([]);
  });

  it('refuses a chain for another key, one not reaching a root, one without digitalSignature, and corrupt PEM; nothing changes', async () => {
    ctx = await createTestContext();
    await ensurePki(ctx);
    const ca = await createLocalPki({ organizationName: 'Public CA', now: ctx.clock.now() });
    const { id, csrPem } = await createCertificateRequest(ctx);
    const before = await snapshot(ctx);
    const other = await createCertificateRequest(ctx);
    const forOtherKey = await issueFor(ca, other.csrPem, ctx.clock.now());
    expect(await codeOf(importIssuedChain(ctx, id, forOtherKey))).toBe('CHAIN_KEY_MISMATCH');
    const leafOnly = (await issueFor(ca, csrPem, ctx.clock.now())).split('\n\n')[0]!.trim().split(/(?<=-----END CERTIFICATE-----)/)[0]!;
    expect(await codeOf(importIssuedChain(ctx, id, leafOnly))).toBe('CHAIN_UNTRUSTED');
    const encipherOnly = await issueFor(ca, csrPem, ctx.clock.now(), x509.KeyUsageFlags.keyEncipherment);
    expect(await codeOf(importIssuedChain(ctx, id, encipherOnly))).toBe('CERT_KEY_USAGE');
    expect(await codeOf(importIssuedChain(ctx, id, 'not a certificate at all'))).toBe('MALFORMED_PEM');
    expect(await codeOf(importIssuedChain(ctx, id, '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n'))).toBe('MALFORMED_PEM');
    expect(await snapshot(ctx)).toEqual(before);
  });

  it('imports a PKCS#12 with its password; a wrong password or corrupt DER is refused and nothing changes', async () => {
    ctx = await createTestContext();
    await ensurePki(ctx);
    const ca = await createLocalPki({ organizationName: 'Public CA', now: ctx.clock.now() });
    const scratch = scratchDir();
    try {
      scratch.write('org.pem', toPem(ca.organization.certificate, 'CERTIFICATE'));
      scratch.write('org.key', toPem(ca.organization.privateKey, 'PRIVATE KEY'));
      scratch.write('root.pem', toPem(ca.root.certificate, 'CERTIFICATE'));
      const r = spawnSync('openssl', ['pkcs12', '-export', '-in', 'org.pem', '-inkey', 'org.key', '-certfile', 'root.pem', '-passout', 'pass:correct horse', '-out', 'org.p12'], { cwd: scratch.dir, encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
      const p12 = new Uint8Array(readFileSync(`${scratch.dir}/org.p12`));
      const before = await snapshot(ctx);
      expect(await codeOf(importPkcs12Certificate(ctx, p12, 'wrong'))).toBe('PKCS12_PASSWORD');
      expect(await codeOf(importPkcs12Certificate(ctx, p12.subarray(0, 100), 'correct horse'))).toBe('MALFORMED_PEM');
      expect(await snapshot(ctx)).toEqual(before);
      const row = await importPkcs12Certificate(ctx, p12, 'correct horse');
      expect(row.source).toBe('pkcs12');
      expect((await activeCertificate(ctx, 'signing'))?.id).toBe(row.id);
    } finally {
      scratch.remove();
    }
  });
});

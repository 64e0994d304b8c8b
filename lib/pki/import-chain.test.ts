/**
 * importChain: every refusal, plus an RSA chain made by OpenSSL that countersigns and verifies.
 *
 *   openssl req -new -newkey rsa:2048 -nodes -keyout rsa.key -subj /CN=RSA Org -out rsa.csr
 *   openssl x509 -req -in rsa.csr -CA root.pem -CAkey root.key -set_serial 0x77 -days 30 -extfile ext.cnf -out rsa.pem
 *     (ext.cnf: keyUsage = critical, nonRepudiation — or keyEncipherment for the refusal)
 *   openssl cms -verify -binary -inform DER -in rsa-sig.der -content rsa-payload.bin -CAfile root.pem -cades -out /dev/null
 *     (nonRepudiation-only keyUsage passes OpenSSL's default smimesign purpose: -purpose any is not needed)
 *   openssl ec -in org.key -out org-sec1.pem   # the same key as "EC PRIVATE KEY"
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../clock';
import { countersign } from './countersign';
import { createLocalPki, type LocalPki } from './create-local-pki';
import { importChain, type ImportChainInput } from './import-chain';
import { LocalTsa } from './local-tsa';
import { toPem } from './pem';
import { isPkiError, type PkiErrorCode } from './pki-errors';
import { certPem, openssl, scratchDir } from './test-support';
import { verifyCountersignature } from './verify-countersignature';

const DAY = 86_400_000;

async function refusal(input: ImportChainInput): Promise<{ code: PkiErrorCode | string; message: string }> {
  try {
    await importChain(input);
  } catch (e) {
    return isPkiError(e) ? { code: e.code, message: e.message } : { code: `not a PkiError: ${String(e)}`, message: '' };
  }
  return { code: 'accepted', message: '' };
}

describe('importChain', () => {
  const clock = fixedClock(new Date());
  let pki: LocalPki;
  let other: LocalPki;
  let scratch: ReturnType<typeof scratchDir>;
  let orgKeyPem: string;
  const org = () => certPem(pki.organization.certificate);
  const root = () => certPem(pki.root.certificate);

  beforeAll(async () => {
    pki = await createLocalPki({ organizationName: 'Acme', now: new Date(clock.now().getTime() - DAY) });
    other = await createLocalPki({ organizationName: 'Acme', now: new Date(clock.now().getTime() - DAY) });
    orgKeyPem = toPem(pki.organization.privateKey, 'PRIVATE KEY');
    scratch = scratchDir();
    scratch.write('root.pem', root());
    scratch.write('root.key', toPem(pki.root.privateKey, 'PRIVATE KEY'));
    scratch.write('org.key', orgKeyPem);
  });
  afterAll(() => scratch.remove());

  it('accepts leaf + self-signed root in any order, key as PKCS#8 DER or PEM', async () => {
    for (const pem of [org() + root(), root() + org()]) {
      const id = await importChain({ pem, privateKey: pki.organization.privateKey, now: clock.now() });
      expect(id.certificate).toEqual(pki.organization.certificate);
      expect(id.chain).toEqual([pki.root.certificate]);
      expect(id.subject).toBe('CN=Acme, O=Acme');
    }
    const fromPem = await importChain({ pem: org() + root(), privateKey: orgKeyPem, now: clock.now() });
    expect(fromPem.privateKey).toEqual(pki.organization.privateKey);
  });

  it('accepts a traditional "EC PRIVATE KEY" PEM (normalised to PKCS#8)', async () => {
    const r = openssl(['ec', '-in', 'org.key', '-out', 'org-sec1.pem'], scratch.dir);
    expect(r.code, r.stderr).toBe(0);
    const sec1 = readFileSync(`${scratch.dir}/org-sec1.pem`, 'utf8');
    expect(sec1).toContain('BEGIN EC PRIVATE KEY');
    const id = await importChain({ pem: org() + root(), privateKey: sec1, now: clock.now() });
    expect(id.privateKey).toEqual(pki.organization.privateKey);
  });

  it('accepts a leaf alone when its root is in trustedRoots', async () => {
    const id = await importChain({ pem: org(), privateKey: pki.organization.privateKey, trustedRoots: [pki.root.certificate], now: clock.now() });
    expect(id.chain).toEqual([pki.root.certificate]);
  });

  it('MALFORMED_PEM: no PEM, a key block in the chain, a certificate that does not parse, a bad key', async () => {
    expect(await refusal({ pem: 'hello, world', privateKey: pki.organization.privateKey, now: clock.now() })).toMatchObject({
      code: 'MALFORMED_PEM',
      message: expect.stringMatching(/expected PEM certificates .* found none/),
    });
    expect((await refusal({ pem: org() + orgKeyPem, privateKey: pki.organization.privateKey, now: clock.now() })).message).toMatch(
      /expected only CERTIFICATE blocks in the chain, found PRIVATE KEY/,
    );
    const junk = toPem(new TextEncoder().encode('definitely not DER'), 'CERTIFICATE');
    expect(await refusal({ pem: junk, privateKey: pki.organization.privateKey, now: clock.now() })).toMatchObject({ code: 'MALFORMED_PEM' });
    expect(await refusal({ pem: org() + root(), privateKey: 'not a key', now: clock.now() })).toMatchObject({ code: 'MALFORMED_PEM' });
  });

  it('CHAIN_KEY_MISMATCH when no certificate certifies the key', async () => {
    const r = await refusal({ pem: org() + root(), privateKey: pki.tsa.privateKey, now: clock.now() });
    expect(r.code).toBe('CHAIN_KEY_MISMATCH');
    expect(r.message).toMatch(/expected one of the 2 certificates to certify the given private key; none does/);
  });

  it('CHAIN_UNTRUSTED: no root at all, a foreign root in the chain, a foreign trusted root', async () => {
    expect((await refusal({ pem: org(), privateKey: pki.organization.privateKey, now: clock.now() })).code).toBe('CHAIN_UNTRUSTED');
    expect((await refusal({ pem: org() + certPem(other.root.certificate), privateKey: pki.organization.privateKey, now: clock.now() })).code).toBe(
      'CHAIN_UNTRUSTED',
    );
    const r = await refusal({ pem: org(), privateKey: pki.organization.privateKey, trustedRoots: [other.root.certificate], now: clock.now() });
    expect(r.code).toBe('CHAIN_UNTRUSTED');
    expect(r.message).toMatch(/path validation failed/);
  });

  it('CERT_KEY_USAGE: keyEncipherment only, or a CA certificate', async () => {
    scratch.write('ke.cnf', 'keyUsage = critical, keyEncipherment\n');
    const req = openssl(['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'ke.key', '-subj', '/CN=Encipher Only', '-out', 'ke.csr'], scratch.dir);
    expect(req.code, req.stderr).toBe(0);
    const sign = openssl(['x509', '-req', '-in', 'ke.csr', '-CA', 'root.pem', '-CAkey', 'root.key', '-set_serial', '0x55', '-days', '30', '-extfile', 'ke.cnf', '-out', 'ke.pem'], scratch.dir);
    expect(sign.code, sign.stderr).toBe(0);
    const r = await refusal({ pem: readFileSync(`${scratch.dir}/ke.pem`, 'utf8') + root(), privateKey: readFileSync(`${scratch.dir}/ke.key`, 'utf8'), now: clock.now() });
    expect(r).toMatchObject({ code: 'CERT_KEY_USAGE', message: expect.stringMatching(/expected keyUsage digitalSignature or nonRepudiation/) });

    expect((await refusal({ pem: root(), privateKey: pki.root.privateKey, now: clock.now() })).code).toBe('CERT_KEY_USAGE');
  });

  it('CERT_EXPIRED and CERT_NOT_YET_VALID at the injected now', async () => {
    const input = { pem: org() + root(), privateKey: pki.organization.privateKey };
    expect((await refusal({ ...input, now: new Date(clock.now().getTime() + 400 * DAY) })).code).toBe('CERT_EXPIRED');
    expect((await refusal({ ...input, now: new Date(clock.now().getTime() - 2 * DAY) })).code).toBe('CERT_NOT_YET_VALID');
  });

  it('an RSA nonRepudiation-only chain from OpenSSL imports, countersigns and verifies (and OpenSSL agrees)', async () => {
    // nonRepudiation only: OpenSSL's default smimesign purpose accepts either bit, no -purpose any needed.
    scratch.write('ds.cnf', 'keyUsage = critical, nonRepudiation\n');
    const req = openssl(['req', '-new', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'rsa.key', '-subj', '/CN=RSA Org', '-out', 'rsa.csr'], scratch.dir);
    expect(req.code, req.stderr).toBe(0);
    const sign = openssl(['x509', '-req', '-in', 'rsa.csr', '-CA', 'root.pem', '-CAkey', 'root.key', '-set_serial', '0x77', '-days', '30', '-extfile', 'ds.cnf', '-out', 'rsa.pem'], scratch.dir);
    expect(sign.code, sign.stderr).toBe(0);
    clock.set(new Date(Date.now() + 2000)); // openssl issued the certificate at its own now
    const id = await importChain({ pem: readFileSync(`${scratch.dir}/rsa.pem`, 'utf8') + root(), privateKey: readFileSync(`${scratch.dir}/rsa.key`, 'utf8'), now: clock.now() });

    const tsa = new LocalTsa({ certificate: pki.tsa.certificate, privateKey: pki.tsa.privateKey, clock });
    const payload = new TextEncoder().encode('rsa payload');
    const signed = await countersign({ payload, signerCertificate: id.certificate, chain: id.chain, privateKey: id.privateKey, tsa, clock });
    const report = await verifyCountersignature({ cms: signed.cms, payload, trustedRoots: [pki.root.certificate], now: clock.now() });
    expect(report.checks.filter((c) => !c.ok)).toEqual([]);

    scratch.write('rsa-sig.der', signed.cms);
    scratch.write('rsa-payload.bin', payload);
    const v = openssl(['cms', '-verify', '-binary', '-inform', 'DER', '-in', 'rsa-sig.der', '-content', 'rsa-payload.bin', '-CAfile', 'root.pem', '-cades', '-out', '/dev/null'], scratch.dir);
    expect(v.code, v.stderr).toBe(0);
  });
});

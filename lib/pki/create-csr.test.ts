/**
 * CSR → an external CA (played by `openssl x509 -req`) → importChain → countersign → verify.
 *
 *   openssl req -in csr.pem -noout -verify
 *   openssl x509 -req -in csr.pem -CA root.pem -CAkey root.key -set_serial 0x1234 -days 30 -copy_extensions copy -out leaf.pem
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../clock';
import { countersign } from './countersign';
import { createCsr } from './create-csr';
import { createLocalPki, type LocalPki } from './create-local-pki';
import { pkijs, toArrayBuffer, x509 } from './crypto';
import { importChain } from './import-chain';
import { LocalTsa } from './local-tsa';
import { toPem } from './pem';
import { certPem, openssl, scratchDir } from './test-support';
import { verifyCountersignature } from './verify-countersignature';

describe('createCsr', () => {
  const clock = fixedClock(new Date());
  let pki: LocalPki;
  let scratch: ReturnType<typeof scratchDir>;
  beforeAll(async () => {
    pki = await createLocalPki({ organizationName: 'Acme CA', now: new Date(clock.now().getTime() - 60_000) });
    scratch = scratchDir();
  });
  afterAll(() => scratch.remove());

  it('makes a self-signed PKCS#10 request with the subject and the keyUsage extension request', async () => {
    const { csr, csrPem, privateKey } = await createCsr({ commonName: 'Acme Logistics', country: 'DE' });
    const req = new x509.Pkcs10CertificateRequest(toArrayBuffer(csr));
    expect(req.subject).toBe('CN=Acme Logistics, O=Acme Logistics, C=DE');
    expect(await req.verify()).toBe(true);
    const ku = req.extensions.find((e): e is x509.KeyUsagesExtension => e instanceof x509.KeyUsagesExtension);
    expect(ku?.usages).toBe(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation);
    expect(ku?.critical).toBe(true);
    expect(csrPem).toMatch(/^-----BEGIN CERTIFICATE REQUEST-----/);
    expect(pkijs.CertificationRequest.fromBER(toArrayBuffer(csr)).subject.typesAndValues).toHaveLength(3);
    expect(privateKey.length).toBeGreaterThan(60);
  });

  it('refuses an empty name or a malformed country', async () => {
    await expect(createCsr({ commonName: ' ' })).rejects.toThrow(/commonName/);
    await expect(createCsr({ commonName: 'Acme', country: 'Germany' })).rejects.toThrow(/two capital letters/);
  });

  it('end to end: openssl verifies and signs the CSR, importChain accepts it, its signatures verify', async () => {
    const { csrPem, privateKey } = await createCsr({ commonName: 'Acme Logistics' });
    scratch.write('csr.pem', csrPem);
    scratch.write('root.pem', certPem(pki.root.certificate));
    scratch.write('root.key', toPem(pki.root.privateKey, 'PRIVATE KEY'));
    const v = openssl(['req', '-in', 'csr.pem', '-noout', '-verify'], scratch.dir);
    expect(v.code, v.stderr).toBe(0);
    expect(`${v.stdout}${v.stderr}`).toMatch(/verify OK/i);
    const s = openssl(
      ['x509', '-req', '-in', 'csr.pem', '-CA', 'root.pem', '-CAkey', 'root.key', '-set_serial', '0x1234', '-days', '30', '-copy_extensions', 'copy', '-out', 'leaf.pem'],
      scratch.dir,
    );
    expect(s.code, s.stderr).toBe(0);
    const leafPem = readFileSync(`${scratch.dir}/leaf.pem`, 'utf8');
    clock.set(new Date(Date.now() + 2000)); // openssl issued the certificate at its own now (whole seconds)

    const identity = await importChain({ pem: leafPem + certPem(pki.root.certificate), privateKey, now: clock.now() });
    expect(identity.subject).toBe('CN=Acme Logistics, O=Acme Logistics');
    expect(identity.chain).toEqual([pki.root.certificate]);

    const tsa = new LocalTsa({ certificate: pki.tsa.certificate, privateKey: pki.tsa.privateKey, clock });
    const payload = new TextEncoder().encode('x');
    const signed = await countersign({ payload, signerCertificate: identity.certificate, chain: identity.chain, privateKey: identity.privateKey, tsa, clock });
    const report = await verifyCountersignature({ cms: signed.cms, payload, trustedRoots: [pki.root.certificate], now: clock.now() });
    expect(report.checks.filter((c) => !c.ok)).toEqual([]);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalPki, type LocalPki } from './create-local-pki';
import { certificateMatchesKey, keyAlgorithmOf, parseCertificate, toArrayBuffer, x509 } from './crypto';
import { OID } from './oids';
import { certPem, openssl, scratchDir } from './test-support';

const now = new Date('2030-03-04T05:06:07.890Z');
const DAY = 86_400_000;

describe('createLocalPki', () => {
  let pki: LocalPki;
  beforeAll(async () => {
    pki = await createLocalPki({ organizationName: 'Acme Logistics, Inc.', now });
  });

  const parse = (der: Uint8Array) => new x509.X509Certificate(toArrayBuffer(der));

  it('root: self-signed, 20 years, critical CA basicConstraints and keyCertSign|cRLSign', async () => {
    const root = parse(pki.root.certificate);
    expect(root.subject).toBe(root.issuer);
    expect(await root.verify({ signatureOnly: true })).toBe(true);
    expect(root.notBefore.toISOString()).toBe('2030-03-04T05:06:07.000Z');
    expect(root.notAfter.toISOString()).toBe('2050-03-04T05:06:07.000Z');
    const bc = root.getExtension(x509.BasicConstraintsExtension);
    expect(bc?.ca).toBe(true);
    expect(bc?.critical).toBe(true);
    const ku = root.getExtension(x509.KeyUsagesExtension);
    expect(ku?.critical).toBe(true);
    expect(ku?.usages).toBe(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign);
  });

  it('organisation: CN = name, 365 days, critical digitalSignature|nonRepudiation, issued by the root', async () => {
    const org = parse(pki.organization.certificate);
    expect(org.subject).toBe('CN=Acme Logistics\\, Inc., O=Acme Logistics\\, Inc.');
    expect(org.issuer).toBe(parse(pki.root.certificate).subject);
    expect(await org.verify({ publicKey: parse(pki.root.certificate), signatureOnly: true })).toBe(true);
    expect(org.notAfter.getTime() - org.notBefore.getTime()).toBe(365 * DAY);
    const ku = org.getExtension(x509.KeyUsagesExtension);
    expect(ku?.critical).toBe(true);
    expect(ku?.usages).toBe(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation);
    expect(org.getExtension(x509.BasicConstraintsExtension)?.ca).toBe(false);
    expect(org.getExtension(x509.ExtendedKeyUsageExtension)).toBeNull();
    expect(org.getExtension(x509.AuthorityKeyIdentifierExtension)?.keyId).toBe(parse(pki.root.certificate).getExtension(x509.SubjectKeyIdentifierExtension)?.keyId);
  });

  it('TSA: critical EKU timeStamping only, keyUsage digitalSignature', () => {
    const tsa = parse(pki.tsa.certificate);
    const eku = tsa.getExtension(x509.ExtendedKeyUsageExtension);
    expect(eku?.critical).toBe(true);
    expect(eku?.usages).toEqual([OID.kpTimeStamping]);
    expect(tsa.getExtension(x509.KeyUsagesExtension)?.usages).toBe(x509.KeyUsageFlags.digitalSignature);
  });

  it('keys are ECDSA P-256 PKCS#8, each matching its certificate', () => {
    for (const ck of [pki.root, pki.organization, pki.tsa]) {
      expect(keyAlgorithmOf(ck.privateKey).label).toBe('ECDSA P-256');
      expect(certificateMatchesKey(parseCertificate(ck.certificate), ck.privateKey)).toBe(true);
    }
    expect(certificateMatchesKey(parseCertificate(pki.organization.certificate), pki.tsa.privateKey)).toBe(false);
  });

  it('validity is configurable; serial numbers are random and positive', async () => {
    const other = await createLocalPki({ organizationName: 'Acme', now, validityDays: 30 });
    const org = parse(other.organization.certificate);
    expect(org.notAfter.getTime() - org.notBefore.getTime()).toBe(30 * DAY);
    expect(org.serialNumber).not.toBe(parse(pki.organization.certificate).serialNumber);
    expect(Number.parseInt(org.serialNumber.slice(0, 2), 16) & 0x80).toBe(0);
    await expect(createLocalPki({ organizationName: 'Acme', now, validityDays: 0 })).rejects.toThrow(/validityDays/);
    await expect(createLocalPki({ organizationName: '  ', now })).rejects.toThrow(/organizationName/);
  });

  describe('openssl agrees', () => {
    let scratch: ReturnType<typeof scratchDir>;
    beforeAll(() => {
      scratch = scratchDir();
      scratch.write('root.pem', certPem(pki.root.certificate));
      scratch.write('org.pem', certPem(pki.organization.certificate));
      scratch.write('tsa.pem', certPem(pki.tsa.certificate));
    });
    afterAll(() => scratch.remove());
    const at = String(Math.floor(now.getTime() / 1000) + 60);

    it('openssl verify: org for S/MIME signing, TSA for time stamping', () => {
      const org = openssl(['verify', '-attime', at, '-CAfile', 'root.pem', '-purpose', 'smimesign', 'org.pem'], scratch.dir);
      expect(org.code, org.stderr).toBe(0);
      expect(org.stdout).toContain('org.pem: OK');
      const tsa = openssl(['verify', '-attime', at, '-CAfile', 'root.pem', '-purpose', 'timestampsign', 'tsa.pem'], scratch.dir);
      expect(tsa.code, tsa.stderr).toBe(0);
      expect(tsa.stdout).toContain('tsa.pem: OK');
      // …and the organisation certificate is not a time-stamping certificate.
      const wrong = openssl(['verify', '-attime', at, '-CAfile', 'root.pem', '-purpose', 'timestampsign', 'org.pem'], scratch.dir);
      expect(wrong.code).not.toBe(0);
    });
  });
});

/**
 * importPkcs12 on files made by OpenSSL 3:
 *
 *   openssl pkcs12 -export -inkey org.key -in org.pem -certfile root.pem -passout pass:<password> -out id.p12
 *     (default: PBES2/PBKDF2/AES-256-CBC, MAC SHA-256 — imports)
 *   openssl pkcs12 -export … -legacy -out legacy.p12     (3DES/RC2 — refused, MALFORMED_PEM)
 *   openssl pkcs12 -export … -keypbe NONE -certpbe NONE  (unencrypted bags, MAC only — imports)
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalPki, type LocalPki } from './create-local-pki';
import { pkijs, toArrayBuffer } from './crypto';
import { importPkcs12, type ImportPkcs12Input } from './import-pkcs12';
import { toPem } from './pem';
import { isPkiError } from './pki-errors';
import { certPem, openssl, scratchDir } from './test-support';

const DAY = 86_400_000;
const PASSWORD = 'correct horse – battery staple'; // non-ASCII on purpose (BMPString MAC, UTF-8 PBKDF2)

async function refusal(input: ImportPkcs12Input): Promise<{ code: string; message: string }> {
  try {
    await importPkcs12(input);
  } catch (e) {
    return isPkiError(e) ? { code: e.code, message: e.message } : { code: `not a PkiError: ${String(e)}`, message: '' };
  }
  return { code: 'accepted', message: '' };
}

describe('importPkcs12', () => {
  const now = new Date();
  let pki: LocalPki;
  let scratch: ReturnType<typeof scratchDir>;
  const p12 = (name: string) => new Uint8Array(readFileSync(`${scratch.dir}/${name}`));

  function exportP12(out: string, extra: string[] = [], password = PASSWORD): void {
    const r = openssl(
      ['pkcs12', '-export', '-inkey', 'org.key', '-in', 'org.pem', '-certfile', 'root.pem', '-passout', `pass:${password}`, ...extra, '-out', out],
      scratch.dir,
    );
    expect(r.code, r.stderr).toBe(0);
  }

  beforeAll(async () => {
    pki = await createLocalPki({ organizationName: 'Acme', now: new Date(now.getTime() - DAY) });
    scratch = scratchDir();
    scratch.write('org.key', toPem(pki.organization.privateKey, 'PRIVATE KEY'));
    scratch.write('org.pem', certPem(pki.organization.certificate));
    scratch.write('root.pem', certPem(pki.root.certificate));
    scratch.write('tsa.key', toPem(pki.tsa.privateKey, 'PRIVATE KEY'));
    exportP12('id.p12');
  });
  afterAll(() => scratch.remove());

  it('imports the OpenSSL 3 default (AES-256-CBC, SHA-256 MAC): key, certificate and chain', async () => {
    const id = await importPkcs12({ p12: p12('id.p12'), password: PASSWORD, now });
    expect(id.certificate).toEqual(pki.organization.certificate);
    expect(id.privateKey).toEqual(pki.organization.privateKey);
    expect(id.chain).toEqual([pki.root.certificate]);
  });

  it('imports a file with unencrypted bags (integrity MAC only)', async () => {
    exportP12('plain.p12', ['-keypbe', 'NONE', '-certpbe', 'NONE']);
    const id = await importPkcs12({ p12: p12('plain.p12'), password: PASSWORD, now });
    expect(id.privateKey).toEqual(pki.organization.privateKey);
  });

  it('PKCS12_PASSWORD on a wrong password (or none)', async () => {
    for (const password of ['wrong', '', PASSWORD.toUpperCase()]) {
      const r = await refusal({ p12: p12('id.p12'), password, now });
      expect(r.code).toBe('PKCS12_PASSWORD');
      expect(r.message).toMatch(/wrong password/);
    }
  });

  it('MALFORMED_PEM: not a PKCS#12 file, a truncated one, a legacy 3DES/RC2 one', async () => {
    expect((await refusal({ p12: new TextEncoder().encode('-----BEGIN CERTIFICATE-----'), password: PASSWORD, now })).code).toBe('MALFORMED_PEM');
    expect((await refusal({ p12: p12('id.p12').subarray(0, 200), password: PASSWORD, now })).code).toBe('MALFORMED_PEM');
    exportP12('legacy.p12', ['-legacy']);
    const legacy = await refusal({ p12: p12('legacy.p12'), password: PASSWORD, now });
    expect(legacy.code).toBe('MALFORMED_PEM');
    expect(legacy.message).toMatch(/legacy scheme 1\.2\.840\.113549\.1\.12\.1\.\d/);
  });

  it('MALFORMED_PEM when the file has no private key', async () => {
    const r = openssl(['pkcs12', '-export', '-nokeys', '-in', 'org.pem', '-passout', `pass:${PASSWORD}`, '-out', 'nokey.p12'], scratch.dir);
    expect(r.code, r.stderr).toBe(0);
    expect(await refusal({ p12: p12('nokey.p12'), password: PASSWORD, now })).toMatchObject({
      code: 'MALFORMED_PEM',
      message: 'expected exactly one private key in the PKCS#12 file, found 0',
    });
  });

  it('MALFORMED_PEM when the file has a key but no certificate', async () => {
    const r = openssl(['pkcs12', '-export', '-nocerts', '-inkey', 'tsa.key', '-passout', `pass:${PASSWORD}`, '-out', 'keyonly.p12'], scratch.dir);
    expect(r.code, r.stderr).toBe(0);
    expect(await refusal({ p12: p12('keyonly.p12'), password: PASSWORD, now })).toMatchObject({
      code: 'MALFORMED_PEM',
      message: 'expected at least one certificate in the PKCS#12 file, found none',
    });
  });

  it('CHAIN_KEY_MISMATCH when the key bag holds a key no certificate certifies', async () => {
    // OpenSSL will not pair a key with a certificate it does not match, so swap the key with pkijs
    // in an unencrypted-bag file and recompute the MAC.
    exportP12('swap.p12', ['-keypbe', 'NONE', '-certpbe', 'NONE']);
    const password = toArrayBuffer(new TextEncoder().encode(PASSWORD));
    const pfx = pkijs.PFX.fromBER(toArrayBuffer(p12('swap.p12')));
    await pfx.parseInternalValues({ password, checkIntegrity: true });
    const safe = (pfx.parsedValue as { authenticatedSafe: pkijs.AuthenticatedSafe }).authenticatedSafe;
    await safe.parseInternalValues({ safeContents: safe.safeContents.map(() => ({})) });
    let swapped = 0;
    for (const { value } of (safe.parsedValue as { safeContents: { value: pkijs.SafeContents }[] }).safeContents) {
      for (const bag of value.safeBags) {
        if (bag.bagId === '1.2.840.113549.1.12.10.1.1') {
          bag.bagValue = new pkijs.KeyBag({ schema: pkijs.PrivateKeyInfo.fromBER(toArrayBuffer(pki.tsa.privateKey)).toSchema() });
          swapped++;
        }
      }
    }
    expect(swapped).toBe(1);
    await safe.makeInternalValues({ safeContents: safe.safeContents.map(() => ({})) });
    await pfx.makeInternalValues({ password, iterations: 2048, pbkdf2HashAlgorithm: 'SHA-256', hmacHashAlgorithm: 'SHA-256' });
    const mismatched = new Uint8Array(pfx.toSchema().toBER(false));
    expect(await refusal({ p12: mismatched, password: PASSWORD, now })).toMatchObject({ code: 'CHAIN_KEY_MISMATCH' });
  });

  it('CHAIN_UNTRUSTED without its root, unless the root is trusted; CERT_EXPIRED later', async () => {
    const r = openssl(['pkcs12', '-export', '-inkey', 'org.key', '-in', 'org.pem', '-passout', `pass:${PASSWORD}`, '-out', 'leaf.p12'], scratch.dir);
    expect(r.code, r.stderr).toBe(0);
    expect((await refusal({ p12: p12('leaf.p12'), password: PASSWORD, now })).code).toBe('CHAIN_UNTRUSTED');
    const id = await importPkcs12({ p12: p12('leaf.p12'), password: PASSWORD, trustedRoots: [pki.root.certificate], now });
    expect(id.chain).toEqual([pki.root.certificate]);
    expect((await refusal({ p12: p12('id.p12'), password: PASSWORD, now: new Date(now.getTime() + 400 * DAY) })).code).toBe('CERT_EXPIRED');
  });
});

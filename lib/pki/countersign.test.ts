/**
 * Countersignature round trip, OpenSSL agreement, and records outliving their certificate.
 *
 * The OpenSSL 3.0 commands these tests run (files in a temporary directory; each prints success):
 *
 *   # 1. The detached CMS signature, its chain to the root, and (with -cades) the ESS
 *   #    signingCertificateV2 binding. The organisation certificate has keyUsage digitalSignature +
 *   #    nonRepudiation and no extendedKeyUsage, so the default purpose (smimesign) accepts it;
 *   #    `-purpose any` is not needed. Prints "CAdES Verification successful" on stderr, exit 0;
 *   #    without -cades the same command prints "CMS Verification successful".
 *   openssl cms -verify -binary -inform DER -in sig.der -content payload.bin -CAfile root.pem -cades -out /dev/null
 *
 *   # 2. The RFC 3161 timestamp token on the signature value. The token carries the TSA certificate
 *   #    (certReq), so -untrusted is not needed; the TSA certificate must have the critical
 *   #    timeStamping EKU. `-digest` is the hex SHA-256 of the SignerInfo signature OCTET STRING's
 *   #    value. Prints "Verification: OK", exit 0.
 *   openssl ts -verify -in token.der -token_in -digest <hex sha256 of signature value> -CAfile root.pem
 *   #    equivalently, hashing the raw signature value itself:
 *   openssl ts -verify -in token.der -token_in -data signature-value.bin -CAfile root.pem
 *
 *   # 3. After the organisation certificate expired: command 1 without -attime fails ("certificate
 *   #    has expired"); at the timestamp's genTime (Unix seconds) it succeeds:
 *   openssl cms -verify -binary -inform DER -in sig.der -content payload.bin -CAfile root.pem -cades -attime <genTime epoch> -out /dev/null
 *
 *   # 4. Interop the other way: OpenSSL as the TSA (its tokens use ESS signingCertificate v1/SHA-1)
 *   #    and OpenSSL as the CMS signer (ECDSA, and RSA with signatureAlgorithm rsaEncryption).
 *   openssl ts -reply -config ts.cnf -queryfile q1.tsq -out r1.tsr
 *   openssl cms -sign -binary -in payload.bin -signer org.pem -inkey org.key -md sha256 -cades -outform DER -out ossl.der
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../clock';
import { countersign, type CountersignInput } from './countersign';
import { createLocalPki, type LocalPki } from './create-local-pki';
import { hex, pkijs, sha256, toArrayBuffer } from './crypto';
import { LocalTsa } from './local-tsa';
import { toPem } from './pem';
import { isPkiError, type PkiErrorCode } from './pki-errors';
import { certPem, extractTimestamp, openssl, scratchDir, stripTimestamp, tamperSignature } from './test-support';
import type { TimestampAuthority } from './timestamp-authority';
import { verifyCountersignature, type CountersignatureReport } from './verify-countersignature';

const DAY = 86_400_000;
const payload = new TextEncoder().encode('{"evidence":"signet.evidence/v1","document":"…"}\n');
const failed = (r: CountersignatureReport) => r.checks.filter((c) => !c.ok).map((c) => c.name);

async function expectPkiError(p: Promise<unknown>, code: PkiErrorCode): Promise<string> {
  const e: unknown = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(isPkiError(e), `expected PkiError ${code}, got ${String(e)}`).toBe(true);
  if (!isPkiError(e)) return '';
  expect(e.code, e.message).toBe(code);
  return e.message;
}

describe('countersign → verifyCountersignature (now)', () => {
  const clock = fixedClock(new Date());
  let pki: LocalPki;
  let tsa: LocalTsa;
  let input: CountersignInput;
  let scratch: ReturnType<typeof scratchDir>;

  beforeAll(async () => {
    pki = await createLocalPki({ organizationName: 'Acme Logistics, Inc.', now: clock.now() });
    tsa = new LocalTsa({ certificate: pki.tsa.certificate, privateKey: pki.tsa.privateKey, clock });
    input = { payload, signerCertificate: pki.organization.certificate, chain: [pki.root.certificate], privateKey: pki.organization.privateKey, tsa, clock };
    scratch = scratchDir();
  });
  afterAll(() => scratch.remove());

  it('round trip: every check passes, genTime is the TSA clock', async () => {
    const signed = await countersign(input);
    const report = await verifyCountersignature({ cms: signed.cms, payload, trustedRoots: [pki.root.certificate], now: clock.now() });
    expect(failed(report)).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.checks.map((c) => c.name)).toEqual([
      'cms-structure',
      'signer-certificate',
      'content-type',
      'message-digest',
      'signature',
      'signing-certificate-v2',
      'signer-key-usage',
      'timestamp-token',
      'timestamp-imprint',
      'timestamp-tsa-eku',
      'timestamp-chain',
      'signer-valid-at-timestamp',
      'signer-chain',
      'signing-time',
    ]);
    expect(report.genTime?.getTime()).toBe(clock.now().getTime());
    expect(signed.genTime.getTime()).toBe(clock.now().getTime());
    expect(report.signer).toContain('CN=Acme Logistics\\, Inc.');
    expect(report.tsa).toContain('Time-Stamping Authority');
  });

  it('openssl agrees: cms -verify (with -cades) and ts -verify both succeed', async () => {
    const signed = await countersign(input);
    const { token, signatureValue } = extractTimestamp(signed.cms);
    scratch.write('payload.bin', payload);
    scratch.write('sig.der', signed.cms);
    scratch.write('root.pem', certPem(pki.root.certificate));
    scratch.write('tsa.pem', certPem(pki.tsa.certificate));
    scratch.write('token.der', token);
    scratch.write('signature-value.bin', signatureValue);

    const cms = openssl(
      ['cms', '-verify', '-binary', '-inform', 'DER', '-in', 'sig.der', '-content', 'payload.bin', '-CAfile', 'root.pem', '-cades', '-out', '/dev/null'],
      scratch.dir,
    );
    expect(cms.code, cms.stderr).toBe(0);
    expect(cms.stderr).toContain('CAdES Verification successful');
    const plain = openssl(
      ['cms', '-verify', '-binary', '-inform', 'DER', '-in', 'sig.der', '-content', 'payload.bin', '-CAfile', 'root.pem', '-out', '/dev/null'],
      scratch.dir,
    );
    expect(plain.code, plain.stderr).toBe(0);
    expect(plain.stderr).toContain('CMS Verification successful');

    const digest = hex(sha256(signatureValue));
    const ts = openssl(['ts', '-verify', '-in', 'token.der', '-token_in', '-digest', digest, '-CAfile', 'root.pem'], scratch.dir);
    expect(ts.code, ts.stderr).toBe(0);
    expect(ts.stdout).toContain('Verification: OK');

    const tsData = openssl(['ts', '-verify', '-in', 'token.der', '-token_in', '-data', 'signature-value.bin', '-CAfile', 'root.pem'], scratch.dir);
    expect(tsData.code, tsData.stderr).toBe(0);
    expect(tsData.stdout).toContain('Verification: OK');

    // …and openssl refuses what the verifier refuses.
    scratch.write('tampered.bin', new TextEncoder().encode('something else'));
    const bad = openssl(
      ['cms', '-verify', '-binary', '-inform', 'DER', '-in', 'sig.der', '-content', 'tampered.bin', '-CAfile', 'root.pem', '-out', '/dev/null'],
      scratch.dir,
    );
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('CMS Verification failure');
  });

  it('tampered payload fails message-digest', async () => {
    const signed = await countersign(input);
    const tampered = new Uint8Array(payload);
    tampered[0] = (tampered[0] ?? 0) ^ 0x20;
    const report = await verifyCountersignature({ cms: signed.cms, payload: tampered, trustedRoots: [pki.root.certificate], now: clock.now() });
    expect(report.ok).toBe(false);
    expect(failed(report)).toEqual(['message-digest']);
  });

  it('tampered signature fails signature (and the timestamp no longer covers it)', async () => {
    const signed = await countersign(input);
    const report = await verifyCountersignature({ cms: tamperSignature(signed.cms), payload, trustedRoots: [pki.root.certificate], now: clock.now() });
    expect(report.ok).toBe(false);
    expect(failed(report)).toContain('signature');
    expect(failed(report)).toContain('timestamp-imprint');
  });

  it('a wrong root fails signer-chain and timestamp-chain', async () => {
    const signed = await countersign(input);
    const other = await createLocalPki({ organizationName: 'Acme Logistics, Inc.', now: clock.now() });
    const report = await verifyCountersignature({ cms: signed.cms, payload, trustedRoots: [other.root.certificate], now: clock.now() });
    expect(report.ok).toBe(false);
    expect(failed(report).sort()).toEqual(['signer-chain', 'timestamp-chain']);
    expect(report.checks.find((c) => c.name === 'signer-chain')?.detail).toMatch(/expected a path to a trusted root/);
  });

  it('a signature without its timestamp fails the timestamp checks and signer-chain', async () => {
    const signed = await countersign(input);
    const report = await verifyCountersignature({ cms: stripTimestamp(signed.cms), payload, trustedRoots: [pki.root.certificate], now: clock.now() });
    expect(report.ok).toBe(false);
    expect(report.genTime).toBeNull();
    expect(failed(report)).toEqual(
      expect.arrayContaining(['timestamp-token', 'timestamp-imprint', 'signer-valid-at-timestamp', 'signer-chain', 'signing-time']),
    );
  });

  it('garbage CMS fails cms-structure without throwing', async () => {
    const report = await verifyCountersignature({ cms: new Uint8Array([1, 2, 3]), payload, trustedRoots: [pki.root.certificate], now: clock.now() });
    expect(report.ok).toBe(false);
    expect(report.checks).toEqual([expect.objectContaining({ name: 'cms-structure', ok: false })]);
  });

  it('OpenSSL as the TSA (ts -reply, ESS signingCertificate v1/SHA-1): countersign accepts it, verify passes', async () => {
    scratch.write('tsa-cert.pem', certPem(pki.tsa.certificate));
    scratch.write('tsa.key', toPem(pki.tsa.privateKey, 'PRIVATE KEY'));
    scratch.write('tsaserial', '01\n');
    scratch.write(
      'ts.cnf',
      [
        '[ tsa ]',
        'default_tsa = tsa_config1',
        '[ tsa_config1 ]',
        'serial = ./tsaserial',
        'signer_cert = ./tsa-cert.pem',
        'signer_key = ./tsa.key',
        'signer_digest = sha256',
        'default_policy = 1.3.6.1.4.1.32473.1',
        'digests = sha256',
        'accuracy = secs:1',
        'ess_cert_id_alg = sha1',
        '',
      ].join('\n'),
    );
    let n = 0;
    const opensslTsa: TimestampAuthority = {
      timestamp: (req) => {
        n++;
        scratch.write(`q${n}.tsq`, req);
        const r = openssl(['ts', '-reply', '-config', 'ts.cnf', '-queryfile', `q${n}.tsq`, '-out', `r${n}.tsr`], scratch.dir);
        if (r.code !== 0) return Promise.reject(new Error(r.stderr));
        return Promise.resolve(new Uint8Array(readFileSync(`${scratch.dir}/r${n}.tsr`)));
      },
    };
    const realNow = fixedClock(new Date()); // OpenSSL stamps its own now (whole seconds)
    const signed = await countersign({ ...input, tsa: opensslTsa, clock: realNow });
    const report = await verifyCountersignature({ cms: signed.cms, payload, trustedRoots: [pki.root.certificate], now: realNow.now() });
    expect(failed(report)).toEqual([]);
    expect(report.checks.find((c) => c.name === 'timestamp-token')?.detail).toMatch(/policy 1\.3\.6\.1\.4\.1\.32473\.1; ESS certHash \(sha1\)/);
  });

  it('verifies an OpenSSL-made CMS signature; without a timestamp only the time checks fail', async () => {
    scratch.write('payload.bin', payload);
    scratch.write('org.pem', certPem(pki.organization.certificate));
    scratch.write('org.key', toPem(pki.organization.privateKey, 'PRIVATE KEY'));
    const r = openssl(
      ['cms', '-sign', '-binary', '-in', 'payload.bin', '-signer', 'org.pem', '-inkey', 'org.key', '-md', 'sha256', '-cades', '-outform', 'DER', '-out', 'ossl.der'],
      scratch.dir,
    );
    expect(r.code, r.stderr).toBe(0);
    const cms = new Uint8Array(readFileSync(`${scratch.dir}/ossl.der`));
    const report = await verifyCountersignature({ cms, payload, trustedRoots: [pki.root.certificate], now: clock.now() });
    expect(failed(report)).toEqual(['timestamp-token', 'timestamp-imprint', 'timestamp-tsa-eku', 'timestamp-chain', 'signer-valid-at-timestamp', 'signer-chain', 'signing-time']);
    expect(report.checks.find((c) => c.name === 'signer-chain')?.detail).toMatch(/^path .*valid at the verifier's now/);

    // RSA: OpenSSL writes signatureAlgorithm rsaEncryption, the hash coming from digestAlgorithm.
    const self = openssl(
      ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'rsa.key', '-subj', '/CN=RSA', '-days', '2', '-addext', 'keyUsage=critical,digitalSignature', '-out', 'rsa.pem'],
      scratch.dir,
    );
    expect(self.code, self.stderr).toBe(0);
    const rs = openssl(
      ['cms', '-sign', '-binary', '-in', 'payload.bin', '-signer', 'rsa.pem', '-inkey', 'rsa.key', '-md', 'sha256', '-cades', '-outform', 'DER', '-out', 'rsa.der'],
      scratch.dir,
    );
    expect(rs.code, rs.stderr).toBe(0);
    const rsa = await verifyCountersignature({ cms: new Uint8Array(readFileSync(`${scratch.dir}/rsa.der`)), payload, trustedRoots: [], now: new Date() });
    expect(rsa.checks.filter((c) => ['content-type', 'message-digest', 'signature', 'signing-certificate-v2'].includes(c.name)).every((c) => c.ok)).toBe(true);
  });

  it('refuses a key that is not the certificate’s (CHAIN_KEY_MISMATCH)', async () => {
    await expectPkiError(countersign({ ...input, privateKey: pki.tsa.privateKey }), 'CHAIN_KEY_MISMATCH');
  });
});

describe('records outlive the certificate', () => {
  // t0 is 400 days ago, so the organisation certificate (30 days) has expired in real time too,
  // and openssl (which checks at its own now unless told -attime) sees it expired.
  const t0 = new Date(Math.floor((Date.now() - 400 * DAY) / 1000) * 1000);
  const t1 = new Date(t0.getTime() + 30 * DAY); // notAfter of the organisation certificate
  const clock = fixedClock(t0);
  let pki: LocalPki;
  let tsa: LocalTsa;
  let input: CountersignInput;
  let scratch: ReturnType<typeof scratchDir>;

  beforeAll(async () => {
    pki = await createLocalPki({ organizationName: 'Acme', now: t0, validityDays: 30 });
    tsa = new LocalTsa({ certificate: pki.tsa.certificate, privateKey: pki.tsa.privateKey, clock });
    input = { payload, signerCertificate: pki.organization.certificate, privateKey: pki.organization.privateKey, tsa, clock };
    scratch = scratchDir();
  });
  afterAll(() => scratch.remove());

  it('signed before t1, still verifies after t1 (checked at genTime, not now)', async () => {
    clock.set(new Date(t0.getTime() + 1 * DAY + 123));
    const signed = await countersign(input);
    const signedAt = clock.now();

    clock.set(new Date(t1.getTime() + 5 * DAY)); // the verifier's now, past expiry
    const report = await verifyCountersignature({ cms: signed.cms, payload, trustedRoots: [pki.root.certificate], now: clock.now() });
    expect(failed(report)).toEqual([]);
    expect(report.genTime?.getTime()).toBe(signedAt.getTime());
    expect(report.checks.find((c) => c.name === 'signer-valid-at-timestamp')?.detail).toContain(signedAt.toISOString());

    // openssl: expired at its now, valid at genTime.
    scratch.write('payload.bin', payload);
    scratch.write('sig.der', signed.cms);
    scratch.write('root.pem', certPem(pki.root.certificate));
    const base = ['cms', '-verify', '-binary', '-inform', 'DER', '-in', 'sig.der', '-content', 'payload.bin', '-CAfile', 'root.pem', '-cades'];
    const now = openssl([...base, '-out', '/dev/null'], scratch.dir);
    expect(now.code).not.toBe(0);
    expect(now.stderr).toMatch(/certificate has expired/);
    const attime = String(Math.floor(signed.genTime.getTime() / 1000));
    const atGenTime = openssl([...base, '-attime', attime, '-out', '/dev/null'], scratch.dir);
    expect(atGenTime.code, atGenTime.stderr).toBe(0);
    expect(atGenTime.stderr).toContain('CAdES Verification successful');

    const { token, signatureValue } = extractTimestamp(signed.cms);
    scratch.write('token.der', token);
    const ts = openssl(['ts', '-verify', '-in', 'token.der', '-token_in', '-digest', hex(sha256(signatureValue)), '-CAfile', 'root.pem'], scratch.dir);
    expect(ts.code, ts.stderr).toBe(0);
    expect(ts.stdout).toContain('Verification: OK');
  });

  it('signing after t1 is refused with CERT_EXPIRED', async () => {
    clock.set(new Date(t1.getTime() + 1000));
    const message = await expectPkiError(countersign(input), 'CERT_EXPIRED');
    expect(message).toContain(t1.toISOString());
  });

  it('signing before notBefore is refused with CERT_NOT_YET_VALID', async () => {
    clock.set(new Date(t0.getTime() - DAY));
    await expectPkiError(countersign(input), 'CERT_NOT_YET_VALID');
  });

  it('signing at or after revokedAt is refused with CERT_REVOKED; before it is fine', async () => {
    const revokedAt = new Date(t0.getTime() + 2 * DAY);
    clock.set(revokedAt);
    await expectPkiError(countersign({ ...input, revokedAt }), 'CERT_REVOKED');
    clock.set(new Date(revokedAt.getTime() + DAY));
    await expectPkiError(countersign({ ...input, revokedAt }), 'CERT_REVOKED');
    clock.set(new Date(revokedAt.getTime() - 1));
    await expect(countersign({ ...input, revokedAt })).resolves.toHaveProperty('cms');
  });

  it('a TSA whose genTime is past the certificate expiry is refused (CERT_EXPIRED at genTime)', async () => {
    clock.set(new Date(t1.getTime() - 1000));
    const lateClock = fixedClock(new Date(t1.getTime() + DAY));
    const lateTsa = new LocalTsa({ certificate: pki.tsa.certificate, privateKey: pki.tsa.privateKey, clock: lateClock });
    const message = await expectPkiError(countersign({ ...input, tsa: lateTsa }), 'CERT_EXPIRED');
    expect(message).toContain("TSA's genTime");
  });
});

describe('TSA failures → TSA_UNAVAILABLE, nothing signed', () => {
  const clock = fixedClock(new Date());
  let pki: LocalPki;
  let input: CountersignInput;

  beforeAll(async () => {
    pki = await createLocalPki({ organizationName: 'Acme', now: clock.now() });
    const tsa = new LocalTsa({ certificate: pki.tsa.certificate, privateKey: pki.tsa.privateKey, clock });
    input = { payload, signerCertificate: pki.organization.certificate, privateKey: pki.organization.privateKey, tsa, clock };
  });

  it('TSA down (throws)', async () => {
    const down: TimestampAuthority = { timestamp: () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:3180')) };
    const message = await expectPkiError(countersign({ ...input, tsa: down }), 'TSA_UNAVAILABLE');
    expect(message).toContain('ECONNREFUSED');
  });

  it('TSA answers garbage', async () => {
    const garbage: TimestampAuthority = { timestamp: () => Promise.resolve(new TextEncoder().encode('<html>502 Bad Gateway</html>')) };
    await expectPkiError(countersign({ ...input, tsa: garbage }), 'TSA_UNAVAILABLE');
  });

  it('TSA rejects the request (policy it does not serve)', async () => {
    const tsa = new LocalTsa({ certificate: pki.tsa.certificate, privateKey: pki.tsa.privateKey, clock });
    const wrongPolicy: TimestampAuthority = {
      // Forwards the imprint with a policy the TSA does not serve: the TSA answers rejection.
      timestamp: (req) => {
        const parsed = pkijs.TimeStampReq.fromBER(toArrayBuffer(req));
        parsed.reqPolicy = '1.2.3.4';
        return tsa.timestamp(new Uint8Array(parsed.toSchema().toBER(false)));
      },
    };
    const message = await expectPkiError(countersign({ ...input, tsa: wrongPolicy }), 'TSA_UNAVAILABLE');
    expect(message).toMatch(/expected status granted \(0\), found 2/);
  });

  it('TSA answers for another signature (imprint mismatch, e.g. a replayed response)', async () => {
    const tsa = new LocalTsa({ certificate: pki.tsa.certificate, privateKey: pki.tsa.privateKey, clock });
    let first: Uint8Array | undefined;
    const replaying: TimestampAuthority = {
      timestamp: async (req) => {
        first ??= await tsa.timestamp(req);
        return first;
      },
    };
    await countersign({ ...input, tsa: replaying });
    const message = await expectPkiError(countersign({ ...input, payload: new Uint8Array([1]), tsa: replaying }), 'TSA_UNAVAILABLE');
    expect(message).toMatch(/expected messageImprint/);
  });

  it('TSA certificate expired → the TSA refuses (timeNotAvailable) → TSA_UNAVAILABLE', async () => {
    const future = fixedClock(new Date(clock.now().getTime() + 11 * 365 * DAY));
    const expiredTsa = new LocalTsa({ certificate: pki.tsa.certificate, privateKey: pki.tsa.privateKey, clock: future });
    await expectPkiError(countersign({ ...input, tsa: expiredTsa }), 'TSA_UNAVAILABLE');
  });
});

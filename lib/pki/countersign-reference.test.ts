/**
 * The prepared countersigner (signed-data-signer.ts, LocalTsa.issueToken) against the pkijs
 * reference it replaced (reference-countersign.ts) and against OpenSSL.
 *
 * RSASSA-PKCS1-v1_5 signatures are deterministic, so with RSA keys, one clock and the same
 * injected randomness both builders must write the same bytes; with ECDSA (random k) everything
 * but the signature values and what depends on them must match. OpenSSL 3 commands run:
 *
 *   openssl cms -verify -binary -inform DER -in sig.der -content payload.bin -CAfile root.pem -cades -out /dev/null
 *   openssl ts -verify -in token.der -token_in -digest <hex SHA-256 of the signature value> -CAfile root.pem
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../clock';
import { prepareCountersigner, type CountersignIdentity } from './countersign';
import { createLocalPki, type LocalPki } from './create-local-pki';
import { hex, nodeCrypto, pkijs, sha256, toArrayBuffer } from './crypto';
import { LocalTsa } from './local-tsa';
import { toPem } from './pem';
import { isPkiError } from './pki-errors';
import { ReferenceTsa, referenceCountersign } from './reference-countersign';
import { decodeSignedData } from './signed-data';
import { certPem, extractTimestamp, openssl, scratchDir } from './test-support';
import { createTimestampRequest, readTstInfo, type TimestampAuthority } from './timestamp-authority';
import { verifyCountersignature } from './verify-countersignature';

const DAY = 86_400_000;
const payload = new TextEncoder().encode('{"type":"signet.countersignature.payload/v1","recordId":"…"}');

/** Randomness that repeats: SHA-256 of seed/counter, so two builders can be fed the same bytes. */
function replayable(seed: string): (n: number) => Uint8Array {
  let i = 0;
  return (n) => {
    const out = new Uint8Array(n);
    for (let o = 0; o < n; o += 32) out.set(createHash('sha256').update(`${seed}/${i++}`).digest().subarray(0, Math.min(32, n - o)), o);
    return out;
  };
}

interface Keyed {
  certificate: Uint8Array;
  privateKey: Uint8Array;
}

const clock = fixedClock(new Date(Math.floor(Date.now() / 1000) * 1000 + 250));
let pki: LocalPki;
let rsaOrg: Keyed;
let rsaTsa: Keyed;
let scratch: ReturnType<typeof scratchDir>;

/** An RSA 2048 key and certificate from the local (ECDSA) root, made by OpenSSL with the given extensions section. */
function opensslIssue(name: string, section: string): Keyed {
  const run = (args: string[]) => {
    const r = openssl(args, scratch.dir);
    if (r.code !== 0) throw new Error(`${r.command}: ${r.stderr}`);
  };
  run(['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', `${name}.key`]);
  run(['req', '-new', '-key', `${name}.key`, '-subj', `/CN=Acme ${name}/O=Acme`, '-out', `${name}.csr`]);
  run(['x509', '-req', '-in', `${name}.csr`, '-CA', 'root.pem', '-CAkey', 'root.key', '-set_serial', '0x4a11', '-days', '30', '-extfile', 'ext.cnf', '-extensions', section, '-outform', 'DER', '-out', `${name}.der`]);
  run(['pkcs8', '-topk8', '-nocrypt', '-in', `${name}.key`, '-outform', 'DER', '-out', `${name}.p8`]);
  return { certificate: new Uint8Array(readFileSync(`${scratch.dir}/${name}.der`)), privateKey: new Uint8Array(readFileSync(`${scratch.dir}/${name}.p8`)) };
}

beforeAll(async () => {
  pki = await createLocalPki({ organizationName: 'Acme', now: new Date(clock.now().getTime() - DAY) });
  scratch = scratchDir();
  scratch.write('root.pem', certPem(pki.root.certificate));
  scratch.write('root.key', toPem(pki.root.privateKey, 'PRIVATE KEY'));
  scratch.write(
    'ext.cnf',
    [
      '[org]',
      'keyUsage = critical, digitalSignature, nonRepudiation',
      'basicConstraints = critical, CA:FALSE',
      '[tsa]',
      'keyUsage = critical, digitalSignature',
      'extendedKeyUsage = critical, timeStamping',
      'basicConstraints = critical, CA:FALSE',
      '',
    ].join('\n'),
  );
  rsaOrg = opensslIssue('org', 'org');
  rsaTsa = opensslIssue('tsa', 'tsa');
  // OpenSSL dates the certificates from its own now; sign from just after it.
  clock.set(new Date(Math.floor(Date.now() / 1000) * 1000 + 1250));
});
afterAll(() => scratch.remove());

/** Both builders with the same keys, clock and randomness; `wire` makes the fast path use timestamp() like an external TSA. */
async function both(org: Keyed, tsaKey: Keyed, wire = false) {
  const identity: CountersignIdentity = { signerCertificate: org.certificate, chain: [pki.root.certificate], privateKey: org.privateKey };
  const local = new LocalTsa({ certificate: tsaKey.certificate, privateKey: tsaKey.privateKey, chain: [pki.root.certificate], clock, randomBytes: replayable('serial') });
  const tsa: TimestampAuthority = wire ? { timestamp: (req) => local.timestamp(req) } : local;
  const fast = await (await prepareCountersigner(identity)).countersign({ payload, tsa, clock, randomBytes: replayable('nonce') });
  const refTsa = new ReferenceTsa({ certificate: tsaKey.certificate, privateKey: tsaKey.privateKey, chain: [pki.root.certificate], clock, randomBytes: replayable('serial') });
  const ref = await referenceCountersign({ ...identity, privateKey: org.privateKey, payload, tsa: refTsa, clock, randomBytes: replayable('nonce') });
  return { fast, ref };
}

describe('prepared countersigner = pkijs reference', () => {
  it('RSA: the same CMS bytes, token, genTime and serial (built-in TSA handing its token over directly)', async () => {
    const { fast, ref } = await both(rsaOrg, rsaTsa);
    expect(hex(fast.cms)).toBe(hex(ref.cms));
    expect(hex(fast.token)).toBe(hex(ref.token));
    expect(fast.genTime.getTime()).toBe(ref.genTime.getTime());
    expect(fast.timestampSerial).toBe(ref.timestampSerial);
  });

  it('RSA: the same bytes when the TSA is reached through TimeStampReq/TimeStampResp, as an external TSA is', async () => {
    const { fast, ref } = await both(rsaOrg, rsaTsa, true);
    expect(hex(fast.cms)).toBe(hex(ref.cms));
  });

  it('the built-in TSA answers a request with the TimeStampResp the reference TSA encodes, with and without certReq', async () => {
    const request = createTimestampRequest(sha256(payload), new Uint8Array(16).fill(7));
    const noCerts = pkijs.TimeStampReq.fromBER(toArrayBuffer(request));
    noCerts.certReq = false;
    for (const req of [request, new Uint8Array(noCerts.toSchema().toBER(false))]) {
      const opts = { certificate: rsaTsa.certificate, privateKey: rsaTsa.privateKey, chain: [pki.root.certificate], clock };
      const fast = await new LocalTsa({ ...opts, randomBytes: replayable('s') }).timestamp(req);
      const ref = await new ReferenceTsa({ ...opts, randomBytes: replayable('s') }).timestamp(req);
      expect(hex(fast)).toBe(hex(ref));
    }
  });

  it('ECDSA: the same signed attributes, certificates, SignerIdentifier and TSTInfo fields; only signatures differ', async () => {
    const { fast, ref } = await both(pki.organization, pki.tsa);
    const [f, r] = [decodeSignedData(fast.cms), decodeSignedData(ref.cms)];
    const der = (x: { toSchema(): { toBER(s?: boolean): ArrayBuffer } } | undefined) => (x ? hex(x.toSchema().toBER(false)) : 'none');
    expect(hex(f.signerInfos[0]!.signedAttrs!.encodedValue)).toBe(hex(r.signerInfos[0]!.signedAttrs!.encodedValue));
    expect(f.certificates?.map((c) => der(c as pkijs.Certificate))).toEqual(r.certificates?.map((c) => der(c as pkijs.Certificate)));
    expect(der(f.signerInfos[0]?.sid as pkijs.IssuerAndSerialNumber)).toBe(der(r.signerInfos[0]?.sid as pkijs.IssuerAndSerialNumber));
    expect(der(f.signerInfos[0]?.signatureAlgorithm)).toBe(der(r.signerInfos[0]?.signatureAlgorithm));
    expect(f.version).toBe(r.version);
    const [ft, rt] = [readTstInfo(fast.token), readTstInfo(ref.token)];
    expect([ft.policy, ft.genTime.toISOString(), hex(ft.serialNumber.valueBlock.valueHexView), hex(ft.nonce!.valueBlock.valueHexView), ft.accuracy?.seconds]).toEqual([
      rt.policy,
      rt.genTime.toISOString(),
      hex(rt.serialNumber.valueBlock.valueHexView),
      hex(rt.nonce!.valueBlock.valueHexView),
      rt.accuracy?.seconds,
    ]);
    const [fs, rs] = [decodeSignedData(fast.token), decodeSignedData(ref.token)];
    expect(fs.version).toBe(rs.version);
    expect(fs.certificates?.length).toBe(2);
    expect(fs.signerInfos[0]!.signedAttrs!.attributes.map((a) => a.type)).toEqual(rs.signerInfos[0]!.signedAttrs!.attributes.map((a) => a.type));
  });
});

describe('the prepared countersigner against the verifiers', () => {
  for (const wire of [false, true]) {
    it(`OpenSSL (cms -verify -cades, ts -verify) and verifyCountersignature accept it${wire ? ' (TSA over request/response)' : ''}`, async () => {
      const { fast } = await both(pki.organization, pki.tsa, wire);
      const report = await verifyCountersignature({ cms: fast.cms, payload, trustedRoots: [pki.root.certificate], now: clock.now() });
      expect(report.checks.filter((c) => !c.ok)).toEqual([]);
      expect(report.genTime?.getTime()).toBe(clock.now().getTime());

      const { token, signatureValue } = extractTimestamp(fast.cms);
      expect(hex(token)).toBe(hex(fast.token));
      scratch.write('payload.bin', payload);
      scratch.write('sig.der', fast.cms);
      scratch.write('token.der', token);
      const cms = openssl(['cms', '-verify', '-binary', '-inform', 'DER', '-in', 'sig.der', '-content', 'payload.bin', '-CAfile', 'root.pem', '-cades', '-out', '/dev/null'], scratch.dir);
      expect(cms.code, cms.stderr).toBe(0);
      expect(cms.stderr).toContain('CAdES Verification successful');
      const ts = openssl(['ts', '-verify', '-in', 'token.der', '-token_in', '-digest', hex(sha256(signatureValue)), '-CAfile', 'root.pem'], scratch.dir);
      expect(ts.code, ts.stderr).toBe(0);
      expect(ts.stdout).toContain('Verification: OK');

      // …and both refuse a payload the signature is not over.
      scratch.write('other.bin', 'another payload');
      const bad = openssl(['cms', '-verify', '-binary', '-inform', 'DER', '-in', 'sig.der', '-content', 'other.bin', '-CAfile', 'root.pem', '-out', '/dev/null'], scratch.dir);
      expect(bad.code).not.toBe(0);
      const badReport = await verifyCountersignature({ cms: fast.cms, payload: new TextEncoder().encode('another payload'), trustedRoots: [pki.root.certificate], now: clock.now() });
      expect(badReport.checks.filter((c) => !c.ok).map((c) => c.name)).toEqual(['message-digest']);
    });
  }

  it('a non-extractable WebCrypto key signs the same way (KeyObject.from), and the result verifies', async () => {
    const key = await nodeCrypto.subtle.importKey('pkcs8', toArrayBuffer(pki.organization.privateKey), { name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign']);
    const signer = await prepareCountersigner({ signerCertificate: pki.organization.certificate, chain: [pki.root.certificate], privateKey: key });
    const tsa = new LocalTsa({ certificate: pki.tsa.certificate, privateKey: pki.tsa.privateKey, chain: [pki.root.certificate], clock });
    const signed = await signer.countersign({ payload, tsa, clock });
    const report = await verifyCountersignature({ cms: signed.cms, payload, trustedRoots: [pki.root.certificate], now: clock.now() });
    expect(report.checks.filter((c) => !c.ok)).toEqual([]);
  });

  it('RSA output verifies too (OpenSSL and verifyCountersignature)', async () => {
    const { fast } = await both(rsaOrg, rsaTsa);
    const report = await verifyCountersignature({ cms: fast.cms, payload, trustedRoots: [pki.root.certificate], now: clock.now() });
    expect(report.checks.filter((c) => !c.ok)).toEqual([]);
    scratch.write('rsa.der', fast.cms);
    scratch.write('payload.bin', payload);
    const cms = openssl(['cms', '-verify', '-binary', '-inform', 'DER', '-in', 'rsa.der', '-content', 'payload.bin', '-CAfile', 'root.pem', '-cades', '-out', '/dev/null'], scratch.dir);
    expect(cms.code, cms.stderr).toBe(0);
  });
});

describe('prepared countersigner refusals keep countersign()’s order', () => {
  const codeOf = async (p: Promise<unknown>): Promise<string> =>
    p.then(
      () => 'no error',
      (e: unknown) => (isPkiError(e) ? e.code : `not a PkiError: ${String(e)}`),
    );

  it('a certificate without digitalSignature/nonRepudiation: CERT_NOT_YET_VALID before notBefore, CERT_KEY_USAGE when valid', async () => {
    // The root CA certificate allows keyCertSign and cRLSign only.
    const signer = await prepareCountersigner({ signerCertificate: pki.root.certificate, privateKey: pki.root.privateKey });
    const tsa = new LocalTsa({ certificate: pki.tsa.certificate, privateKey: pki.tsa.privateKey, clock });
    expect(await codeOf(signer.countersign({ payload, tsa, clock: fixedClock(new Date(clock.now().getTime() - 2 * DAY)) }))).toBe('CERT_NOT_YET_VALID');
    expect(await codeOf(signer.countersign({ payload, tsa, clock }))).toBe('CERT_KEY_USAGE');
  });

  it('a key that is not the certificate’s: CERT_EXPIRED after notAfter, CHAIN_KEY_MISMATCH when valid, CERT_REVOKED first of all', async () => {
    const signer = await prepareCountersigner({ signerCertificate: pki.organization.certificate, privateKey: pki.tsa.privateKey });
    const tsa = new LocalTsa({ certificate: pki.tsa.certificate, privateKey: pki.tsa.privateKey, clock });
    expect(await codeOf(signer.countersign({ payload, tsa, clock: fixedClock(new Date(clock.now().getTime() + 400 * DAY)) }))).toBe('CERT_EXPIRED');
    expect(await codeOf(signer.countersign({ payload, tsa, clock }))).toBe('CHAIN_KEY_MISMATCH');
    expect(await codeOf(signer.countersign({ payload, tsa, clock, revokedAt: new Date(clock.now().getTime() - 1) }))).toBe('CERT_REVOKED');
  });

  it('a broken key: MALFORMED_PEM, but only once the certificate passed its checks', async () => {
    const signer = await prepareCountersigner({ signerCertificate: pki.organization.certificate, privateKey: new Uint8Array([0x30, 0x00]) });
    const tsa = new LocalTsa({ certificate: pki.tsa.certificate, privateKey: pki.tsa.privateKey, clock });
    expect(await codeOf(signer.countersign({ payload, tsa, clock, revokedAt: clock.now() }))).toBe('CERT_REVOKED');
    expect(await codeOf(signer.countersign({ payload, tsa, clock }))).toBe('MALFORMED_PEM');
  });

  it('a TSA that fails: TSA_UNAVAILABLE, whether it hands over tokens or speaks RFC 3161', async () => {
    const signer = await prepareCountersigner({ signerCertificate: pki.organization.certificate, privateKey: pki.organization.privateKey });
    const direct: TimestampAuthority = { timestamp: () => Promise.reject(new Error('unused')), issueToken: () => Promise.reject(new Error('HSM offline')) };
    const wire: TimestampAuthority = { timestamp: () => Promise.resolve(new Uint8Array([0x30, 0x00])) };
    expect(await codeOf(signer.countersign({ payload, tsa: direct, clock }))).toBe('TSA_UNAVAILABLE');
    expect(await codeOf(signer.countersign({ payload, tsa: wire, clock }))).toBe('TSA_UNAVAILABLE');
    const late = new LocalTsa({ certificate: pki.tsa.certificate, privateKey: pki.tsa.privateKey, clock: fixedClock(new Date(clock.now().getTime() + 11 * 365 * DAY)) });
    expect(await codeOf(signer.countersign({ payload, tsa: late, clock }))).toBe('TSA_UNAVAILABLE');
  });
});

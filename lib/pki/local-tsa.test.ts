/**
 * The built-in TSA against RFC 3161 and OpenSSL. Commands that must succeed:
 *
 *   openssl ts -query -data payload.bin -sha256 -cert -out req.tsq      # OpenSSL's own request
 *   openssl ts -verify -queryfile req.tsq -in resp.tsr -CAfile root.pem -attime <epoch>  # "Verification: OK"
 *   openssl ts -reply -in rejected.tsr -text   # "Status: Rejected.", "Failure info: the requested TSA policy is not supported by the TSA"
 */
import * as asn1js from 'asn1js';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../clock';
import { createLocalPki, type LocalPki } from './create-local-pki';
import { pkijs, sha256, toArrayBuffer } from './crypto';
import { LocalTsa } from './local-tsa';
import { OID } from './oids';
import { decodeSignedData } from './signed-data';
import { certPem, openssl, scratchDir } from './test-support';
import { acceptTimestampResponse, createTimestampRequest, nonceValue, PKI_FAILURE, readTstInfo } from './timestamp-authority';

const clock = fixedClock('2031-07-08T09:10:11.250Z');

function parseResponse(der: Uint8Array) {
  return pkijs.TimeStampResp.fromBER(toArrayBuffer(der));
}

function failureBits(resp: pkijs.TimeStampResp): number[] {
  const bits = resp.status.failInfo?.valueBlock.valueHexView ?? new Uint8Array();
  const out: number[] = [];
  bits.forEach((byte, i) => {
    for (let b = 0; b < 8; b++) if (byte & (0x80 >> b)) out.push(i * 8 + b);
  });
  return out;
}

describe('LocalTsa', () => {
  let pki: LocalPki;
  let tsa: LocalTsa;
  beforeAll(async () => {
    pki = await createLocalPki({ organizationName: 'Acme', now: new Date('2031-01-01T00:00:00Z') });
    tsa = new LocalTsa({ certificate: pki.tsa.certificate, privateKey: pki.tsa.privateKey, clock });
  });

  it('grants: genTime from the clock, imprint copied, nonce echoed, default policy, certReq honoured', async () => {
    const digest = sha256(new TextEncoder().encode('x'));
    const nonce = new Uint8Array(16).fill(0xab);
    const { tstInfo, token } = acceptTimestampResponse(await tsa.timestamp(createTimestampRequest(digest, nonce)), digest, nonce);
    expect(tstInfo.genTime.toISOString()).toBe('2031-07-08T09:10:11.250Z');
    expect(tstInfo.policy).toBe(OID.signetTsaPolicy);
    expect(Buffer.from(tstInfo.nonce?.valueBlock.valueHexView ?? [])).toEqual(Buffer.from(nonceValue(nonce)));
    expect(tstInfo.accuracy?.seconds).toBe(1);
    const certs = decodeSignedData(token).certificates ?? [];
    expect(certs).toHaveLength(1); // certReq = true → the TSA certificate

    // certReq false → no certificates (RFC 3161 §2.4.1)
    const req = pkijs.TimeStampReq.fromBER(toArrayBuffer(createTimestampRequest(digest, nonce)));
    req.certReq = false;
    const resp = parseResponse(await tsa.timestamp(new Uint8Array(req.toSchema().toBER(false))));
    expect(resp.status.status).toBe(pkijs.PKIStatus.granted);
    const sd = new pkijs.SignedData({ schema: resp.timeStampToken?.content });
    expect(sd.certificates ?? []).toHaveLength(0);
  });

  it('gives every token a fresh random serial number', async () => {
    const digest = sha256(new Uint8Array([1]));
    const serials = new Set<string>();
    for (let i = 0; i < 5; i++) {
      const nonce = new Uint8Array(8).fill(i + 1);
      const { token } = acceptTimestampResponse(await tsa.timestamp(createTimestampRequest(digest, nonce)), digest, nonce);
      serials.add(Buffer.from(readTstInfo(token).serialNumber.valueBlock.valueHexView).toString('hex'));
    }
    expect(serials.size).toBe(5);
  });

  it('uses the configured policy and injected randomness', async () => {
    const custom = new LocalTsa({
      certificate: pki.tsa.certificate,
      privateKey: pki.tsa.privateKey,
      clock,
      policy: '1.3.6.1.4.1.32473.9',
      randomBytes: (n) => new Uint8Array(n).fill(0x42),
    });
    const digest = sha256(new Uint8Array([2]));
    const nonce = new Uint8Array([5]);
    const { tstInfo } = acceptTimestampResponse(await custom.timestamp(createTimestampRequest(digest, nonce, '1.3.6.1.4.1.32473.9')), digest, nonce);
    expect(tstInfo.policy).toBe('1.3.6.1.4.1.32473.9');
    expect(Buffer.from(tstInfo.serialNumber.valueBlock.valueHexView).toString('hex')).toBe('43'.padEnd(32, '42'));
  });

  it('rejects (never throws): garbage, a foreign policy, an unknown hash, a wrong-length imprint', async () => {
    const garbage = parseResponse(await tsa.timestamp(new Uint8Array([0x30, 0x03, 0x02, 0x01])));
    expect(garbage.status.status).toBe(pkijs.PKIStatus.rejection);
    expect(failureBits(garbage)).toEqual([PKI_FAILURE.badDataFormat]);
    expect(garbage.timeStampToken).toBeUndefined();

    const policy = parseResponse(await tsa.timestamp(createTimestampRequest(new Uint8Array(32), new Uint8Array([1]), '1.2.3')));
    expect(failureBits(policy)).toEqual([PKI_FAILURE.unacceptedPolicy]);
    expect(policy.status.statusStrings?.[0]?.valueBlock.value).toContain('expected reqPolicy');

    const sha1 = pkijs.TimeStampReq.fromBER(toArrayBuffer(createTimestampRequest(new Uint8Array(32), new Uint8Array([1]))));
    sha1.messageImprint = new pkijs.MessageImprint({
      hashAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: OID.sha1 }),
      hashedMessage: new asn1js.OctetString({ valueHex: new ArrayBuffer(20) }),
    });
    expect(failureBits(parseResponse(await tsa.timestamp(new Uint8Array(sha1.toSchema().toBER(false)))))).toEqual([PKI_FAILURE.badAlg]);

    const short = parseResponse(await tsa.timestamp(createTimestampRequest(new Uint8Array(20), new Uint8Array([1]))));
    expect(failureBits(short)).toEqual([PKI_FAILURE.badDataFormat]);
  });

  describe('openssl agrees', () => {
    let scratch: ReturnType<typeof scratchDir>;
    beforeAll(() => {
      scratch = scratchDir();
      scratch.write('root.pem', certPem(pki.root.certificate));
      scratch.write('payload.bin', 'some document bytes\n');
    });
    afterAll(() => scratch.remove());

    it('answers an OpenSSL request with a response OpenSSL verifies', async () => {
      const q = openssl(['ts', '-query', '-data', 'payload.bin', '-sha256', '-cert', '-out', 'req.tsq'], scratch.dir);
      expect(q.code, q.stderr).toBe(0);
      const response = await tsa.timestamp(new Uint8Array(readFileSync(`${scratch.dir}/req.tsq`)));
      scratch.write('resp.tsr', response);
      // genTime is 2031: verify at a time inside the TSA certificate's validity.
      const at = String(Math.floor(clock.now().getTime() / 1000) + 1);
      const v = openssl(['ts', '-verify', '-queryfile', 'req.tsq', '-in', 'resp.tsr', '-CAfile', 'root.pem', '-attime', at], scratch.dir);
      expect(v.code, v.stderr).toBe(0);
      expect(v.stdout).toContain('Verification: OK');
    });

    it('writes rejections OpenSSL reads', async () => {
      scratch.write('rejected.tsr', await tsa.timestamp(createTimestampRequest(new Uint8Array(32), new Uint8Array([1]), '1.2.3')));
      const r = openssl(['ts', '-reply', '-in', 'rejected.tsr', '-text'], scratch.dir);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toContain('Status: Rejected');
      expect(r.stdout).toContain('Failure info: the requested TSA policy is not supported by the TSA');
    });
  });
});

/**
 * Tests and bench only (never imported by production code): the countersignature and the built-in TSA as
 * they were built before the prepared signer (signed-data-signer.ts), entirely with pkijs objects —
 * signContent/encodeSignedData, a TimeStampReq encoded and a TimeStampResp parsed back. Kept as the
 * reference the fast path is compared with byte for byte (countersign-reference.test.ts).
 */
import * as asn1js from 'asn1js';
import { randomBytes } from 'node:crypto';
import type { Clock } from '../clock';
import type { CountersignInput } from './countersign';
import { hex, importSigningKey, parseCertificate, pkijs, sha256, toArrayBuffer, toBytes } from './crypto';
import { OID } from './oids';
import { encodeSignedData, signContent } from './signed-data';
import { acceptTimestampResponse, createTimestampRequest, type TimestampAuthority } from './timestamp-authority';

export interface ReferenceTsaOptions {
  certificate: Uint8Array;
  privateKey: Uint8Array;
  chain?: Uint8Array[];
  clock: Clock;
  randomBytes?: (length: number) => Uint8Array;
}

/** The built-in TSA's granted path as pkijs objects: TimeStampReq parsed, TSTInfo, SignedData, TimeStampResp encoded. */
export class ReferenceTsa implements TimestampAuthority {
  constructor(private readonly options: ReferenceTsaOptions) {}

  async timestamp(requestDer: Uint8Array): Promise<Uint8Array> {
    const cert = parseCertificate(this.options.certificate, 'TSA certificate');
    const req = pkijs.TimeStampReq.fromBER(toArrayBuffer(requestDer));
    const serial = new Uint8Array(this.options.randomBytes?.(16) ?? randomBytes(16));
    serial[0] = ((serial[0] ?? 0) & 0x7f) | 0x01;
    const tstInfo = new pkijs.TSTInfo({
      version: 1,
      policy: OID.signetTsaPolicy,
      messageImprint: req.messageImprint,
      serialNumber: new asn1js.Integer({ valueHex: toArrayBuffer(serial) }),
      genTime: this.options.clock.now(),
      accuracy: new pkijs.Accuracy({ seconds: 1 }),
      ...(req.nonce ? { nonce: req.nonce } : {}),
    });
    const signedData = await signContent({
      contentType: OID.tstInfo,
      content: new Uint8Array(tstInfo.toSchema().toBER(false)),
      encapsulate: true,
      signerCert: cert,
      signerCertDer: this.options.certificate,
      certificates: req.certReq ? [this.options.certificate, ...(this.options.chain ?? [])] : [],
      key: await importSigningKey(this.options.privateKey),
    });
    const token = pkijs.ContentInfo.fromBER(toArrayBuffer(encodeSignedData(signedData)));
    const resp = new pkijs.TimeStampResp({ status: new pkijs.PKIStatusInfo({ status: pkijs.PKIStatus.granted }), timeStampToken: token });
    return new Uint8Array(resp.toSchema().toBER(false));
  }
}

/** countersign() as pkijs built it (no refusals: the reference is for valid inputs). */
export async function referenceCountersign(input: CountersignInput & { privateKey: Uint8Array }): Promise<{ cms: Uint8Array; token: Uint8Array; genTime: Date; timestampSerial: string }> {
  const cert = parseCertificate(input.signerCertificate, 'signer certificate');
  const now = input.clock.now();
  const signedData = await signContent({
    contentType: OID.data,
    content: input.payload,
    encapsulate: false,
    signerCert: cert,
    signerCertDer: input.signerCertificate,
    certificates: [input.signerCertificate, ...(input.chain ?? [])],
    key: await importSigningKey(input.privateKey),
    signingTime: now,
  });
  const signerInfo = signedData.signerInfos[0];
  if (!signerInfo) throw new Error('pkijs produced a SignedData without its SignerInfo');
  const imprint = sha256(toBytes(signerInfo.signature.getValue()));
  const nonce = new Uint8Array(input.randomBytes?.(16) ?? randomBytes(16));
  const response = await input.tsa.timestamp(createTimestampRequest(imprint, nonce));
  const { token, tstInfo } = acceptTimestampResponse(response, imprint, nonce);
  signerInfo.unsignedAttrs = new pkijs.SignedAndUnsignedAttributes({
    type: 1,
    attributes: [new pkijs.Attribute({ type: OID.signatureTimeStampToken, values: [asn1js.fromBER(toArrayBuffer(token)).result] })],
  });
  return { cms: encodeSignedData(signedData), token, genTime: tstInfo.genTime, timestampSerial: hex(tstInfo.serialNumber.valueBlock.valueHexView) };
}

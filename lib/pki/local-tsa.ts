import * as asn1js from 'asn1js';
import { randomBytes } from 'node:crypto';
import type { Clock } from '../clock';
import { importSigningKey, parseCertificate, pkijs, toArrayBuffer } from './crypto';
import { OID } from './oids';
import { encodeSignedData, signContent } from './signed-data';
import { PKI_FAILURE, type TimestampAuthority } from './timestamp-authority';

export interface LocalTsaOptions {
  /** DER certificate of the TSA: critical extendedKeyUsage id-kp-timeStamping only (RFC 3161 §2.3). */
  certificate: Uint8Array;
  /** Its PKCS#8 DER private key (or an imported WebCrypto signing key). */
  privateKey: Uint8Array | CryptoKey;
  /** Certificates above the TSA certificate (issuer first), sent with the token when certReq is set. */
  chain?: Uint8Array[];
  /** Where genTime comes from. */
  clock: Clock;
  /** TSA policy OID (RFC 3161 §2.4.2 `policy`); default OID.signetTsaPolicy, a documentation placeholder. */
  policy?: string;
  /** Randomness for serial numbers; node:crypto unless a test injects its own. */
  randomBytes?: (length: number) => Uint8Array;
  /** Accuracy claimed for genTime in seconds (RFC 3161 §2.4.2 `accuracy`); default 1. */
  accuracySeconds?: number;
}

/** Hash algorithms accepted in a request's messageImprint, with their output lengths. */
const IMPRINT_LENGTHS: Record<string, number> = {
  [OID.sha256]: 32,
  '2.16.840.1.101.3.4.2.2': 48, // SHA-384
  '2.16.840.1.101.3.4.2.3': 64, // SHA-512
};

/**
 * The built-in RFC 3161 time-stamping authority. It answers a DER TimeStampReq with a DER
 * TimeStampResp whose token is a SignedData over a TSTInfo (RFC 3161 §2.4.2):
 *
 * - genTime is the injected clock's now; serialNumber is 128 random bits ("unique for each
 *   TimeStampToken issued by a given TSA", §2.4.2);
 * - the request's nonce is echoed, and its messageImprint copied ("MUST have the same value", §2.4.2);
 * - a reqPolicy other than ours is refused with unacceptedPolicy, as are request extensions;
 * - the TSA certificate (and chain) is included only when certReq is true (§2.4.1);
 * - the token carries the ESS signingCertificateV2 attribute that §2.4.1 requires (via RFC 5816).
 *
 * Errors in the request produce a rejection response, never a thrown error: that is what a TSA
 * on the wire does (§2.4.2 PKIStatusInfo), and the client turns it into TSA_UNAVAILABLE.
 */
export class LocalTsa implements TimestampAuthority {
  private readonly cert: pkijs.Certificate;
  private readonly policy: string;
  private keyPromise: Promise<CryptoKey> | undefined;

  constructor(private readonly options: LocalTsaOptions) {
    this.cert = parseCertificate(options.certificate, 'TSA certificate');
    this.policy = options.policy ?? OID.signetTsaPolicy;
  }

  private key(): Promise<CryptoKey> {
    const k = this.options.privateKey;
    this.keyPromise ??= k instanceof Uint8Array ? importSigningKey(k) : Promise.resolve(k);
    return this.keyPromise;
  }

  async timestamp(requestDer: Uint8Array): Promise<Uint8Array> {
    let req: pkijs.TimeStampReq;
    try {
      req = pkijs.TimeStampReq.fromBER(toArrayBuffer(requestDer));
    } catch {
      return rejection(PKI_FAILURE.badDataFormat, `expected a DER TimeStampReq, ${requestDer.byteLength} bytes did not parse`);
    }
    if (req.version !== 1) return rejection(PKI_FAILURE.badRequest, `expected TimeStampReq version 1, found ${req.version}`);
    const alg = req.messageImprint.hashAlgorithm.algorithmId;
    const length = IMPRINT_LENGTHS[alg];
    if (length === undefined) return rejection(PKI_FAILURE.badAlg, `expected a SHA-256/384/512 messageImprint, found algorithm ${alg}`);
    const hashed = req.messageImprint.hashedMessage.getValue().byteLength;
    if (hashed !== length) return rejection(PKI_FAILURE.badDataFormat, `expected a ${length}-byte hashedMessage for ${alg}, found ${hashed} bytes`);
    if (req.reqPolicy !== undefined && req.reqPolicy !== this.policy) {
      return rejection(PKI_FAILURE.unacceptedPolicy, `expected reqPolicy ${this.policy} or none, found ${req.reqPolicy}`);
    }
    if (req.extensions && req.extensions.length > 0) {
      return rejection(PKI_FAILURE.unacceptedExtension, `expected no request extensions, found ${req.extensions.map((e) => e.extnID).join(', ')}`);
    }

    const genTime = this.options.clock.now();
    if (genTime < this.cert.notBefore.value || genTime > this.cert.notAfter.value) {
      return rejection(
        PKI_FAILURE.timeNotAvailable,
        `the TSA certificate is valid ${this.cert.notBefore.value.toISOString()} to ${this.cert.notAfter.value.toISOString()}, not at ${genTime.toISOString()}`,
      );
    }
    const serial = new Uint8Array(this.options.randomBytes?.(16) ?? randomBytes(16));
    serial[0] = ((serial[0] ?? 0) & 0x7f) | 0x01; // positive, no leading zero octet
    const tstInfo = new pkijs.TSTInfo({
      version: 1,
      policy: this.policy,
      messageImprint: req.messageImprint,
      serialNumber: new asn1js.Integer({ valueHex: toArrayBuffer(serial) }),
      genTime,
      accuracy: new pkijs.Accuracy({ seconds: this.options.accuracySeconds ?? 1 }),
      ...(req.nonce ? { nonce: req.nonce } : {}),
    });
    const tstInfoDer = new Uint8Array(tstInfo.toSchema().toBER(false));
    const signedData = await signContent({
      contentType: OID.tstInfo,
      content: tstInfoDer,
      encapsulate: true,
      signerCert: this.cert,
      signerCertDer: this.options.certificate,
      certificates: req.certReq ? [this.options.certificate, ...(this.options.chain ?? [])] : [],
      key: await this.key(),
    });
    const token = pkijs.ContentInfo.fromBER(toArrayBuffer(encodeSignedData(signedData)));
    const resp = new pkijs.TimeStampResp({
      status: new pkijs.PKIStatusInfo({ status: pkijs.PKIStatus.granted }),
      timeStampToken: token,
    });
    return new Uint8Array(resp.toSchema().toBER(false));
  }
}

/** A rejection TimeStampResp (RFC 3161 §2.4.2) with one PKIFailureInfo bit and a reason. */
function rejection(failureBit: number, reason: string): Uint8Array {
  // PKIFailureInfo is a named BIT STRING: DER drops trailing zero bits (X.690 §11.2.2), so the
  // string ends at the set bit.
  const bytes = new Uint8Array(Math.floor(failureBit / 8) + 1);
  bytes[bytes.length - 1] = 0x80 >> failureBit % 8;
  const status = new pkijs.PKIStatusInfo({
    status: pkijs.PKIStatus.rejection,
    statusStrings: [new asn1js.Utf8String({ value: reason })],
    failInfo: new asn1js.BitString({ valueHex: toArrayBuffer(bytes), unusedBits: 7 - (failureBit % 8) }),
  });
  return new Uint8Array(new pkijs.TimeStampResp({ status }).toSchema().toBER(false));
}

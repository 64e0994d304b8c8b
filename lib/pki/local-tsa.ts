import * as asn1js from 'asn1js';
import { randomBytes } from 'node:crypto';
import type { Clock } from '../clock';
import { parseCertificate, pkijs, toArrayBuffer } from './crypto';
import { constructed, derOf, octetString, SEQUENCE } from './der';
import { OID } from './oids';
import { PkiError } from './pki-errors';
import { SHA256_ALGORITHM, SignedDataSigner } from './signed-data-signer';
import { PKI_FAILURE, type IssuedToken, type TimestampAuthority } from './timestamp-authority';

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
 *
 * issueToken() is the same TSA for a caller in this process (countersign): the token without the
 * request and response around it. Certificate, key and the fixed parts of the TSTInfo and of the
 * token's SignedData are prepared once per instance.
 */
export class LocalTsa implements TimestampAuthority {
  private readonly cert: pkijs.Certificate;
  private readonly policy: string;
  private readonly policyDer: Uint8Array;
  private readonly accuracyDer: Uint8Array;
  private signerPromise: Promise<SignedDataSigner> | undefined;

  constructor(private readonly options: LocalTsaOptions) {
    this.cert = parseCertificate(options.certificate, 'TSA certificate');
    this.policy = options.policy ?? OID.signetTsaPolicy;
    this.policyDer = derOf(new asn1js.ObjectIdentifier({ value: this.policy }));
    this.accuracyDer = derOf(new pkijs.Accuracy({ seconds: options.accuracySeconds ?? 1 }).toSchema());
  }

  private signer(): Promise<SignedDataSigner> {
    this.signerPromise ??= SignedDataSigner.prepare(this.cert, this.options.certificate, this.options.privateKey, [
      this.options.certificate,
      ...(this.options.chain ?? []),
    ]).catch((e: unknown) => {
      this.signerPromise = undefined;
      throw e;
    });
    return this.signerPromise;
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
    if (!this.validAt(genTime)) return rejection(PKI_FAILURE.timeNotAvailable, this.notValidReason(genTime));
    const issued = await this.issue(derOf(req.messageImprint.toSchema()), req.nonce ? derOf(req.nonce) : undefined, req.certReq === true, genTime);
    return constructed(SEQUENCE, [GRANTED, issued.token]);
  }

  async issueToken(sha256Digest: Uint8Array, nonce: Uint8Array): Promise<IssuedToken> {
    const genTime = this.options.clock.now();
    if (!this.validAt(genTime)) {
      // The sentence acceptTimestampResponse writes for the rejection timestamp() would answer.
      throw new PkiError('TSA_UNAVAILABLE', `the TSA response is not usable: expected status granted (0), found ${pkijs.PKIStatus.rejection} (${this.notValidReason(genTime)})`);
    }
    const imprint = constructed(SEQUENCE, [SHA256_ALGORITHM, octetString(sha256Digest)]);
    return this.issue(imprint, derOf(new asn1js.Integer({ valueHex: nonce })), true, genTime);
  }

  private validAt(genTime: Date): boolean {
    return genTime >= this.cert.notBefore.value && genTime <= this.cert.notAfter.value;
  }

  private notValidReason(genTime: Date): string {
    return `the TSA certificate is valid ${this.cert.notBefore.value.toISOString()} to ${this.cert.notAfter.value.toISOString()}, not at ${genTime.toISOString()}`;
  }

  /** Signs a TSTInfo (RFC 3161 §2.4.2, fields in its order) over a pre-encoded MessageImprint and nonce INTEGER. */
  private async issue(messageImprint: Uint8Array, nonce: Uint8Array | undefined, certReq: boolean, genTime: Date): Promise<IssuedToken> {
    const serial = new Uint8Array(this.options.randomBytes?.(16) ?? randomBytes(16));
    serial[0] = ((serial[0] ?? 0) & 0x7f) | 0x01; // positive, no leading zero octet
    const tstInfo = constructed(SEQUENCE, [
      TST_VERSION,
      this.policyDer,
      messageImprint,
      derOf(new asn1js.Integer({ valueHex: serial })),
      derOf(new asn1js.GeneralizedTime({ valueDate: genTime })),
      this.accuracyDer,
      ...(nonce ? [nonce] : []),
    ]);
    const signer = await this.signer();
    const parts = signer.sign({ contentType: OID.tstInfo, content: tstInfo, encapsulate: true, withCertificates: certReq });
    return { token: signer.encode(parts), genTime, serialNumber: serial };
  }
}

const TST_VERSION = derOf(new asn1js.Integer({ value: 1 }));
/** PKIStatusInfo { status granted } (RFC 3161 §2.4.2). */
const GRANTED = derOf(new pkijs.PKIStatusInfo({ status: pkijs.PKIStatus.granted }).toSchema());

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

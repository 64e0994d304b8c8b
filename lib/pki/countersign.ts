import * as asn1js from 'asn1js';
import { randomBytes } from 'node:crypto';
import type { Clock } from '../clock';
import { certificateMatchesKey, hex, keyAlgorithmOf, parseCertificate, pkijs, sha256, subjectOf } from './crypto';
import { derOf } from './der';
import { OID } from './oids';
import { isPkiError, PkiError } from './pki-errors';
import { attributeDer, SignedDataSigner } from './signed-data-signer';
import { acceptTimestampResponse, createTimestampRequest, nonceValue, type TimestampAuthority } from './timestamp-authority';

/** Who countersigns: fixed per organisation certificate, so prepareCountersigner does it once. */
export interface CountersignIdentity {
  /** DER certificate of the organisation signing key. */
  signerCertificate: Uint8Array;
  /** DER certificates above it (issuer first, root last or omitted), carried in SignedData.certificates. */
  chain?: Uint8Array[];
  /** PKCS#8 DER private key of the signer certificate (or an imported WebCrypto key). */
  privateKey: Uint8Array | CryptoKey;
}

/** What changes per countersignature. */
export interface CountersignCall {
  /** The bytes the organisation signs (e.g. the evidence bundle). Not embedded: the CMS is detached. */
  payload: Uint8Array;
  /** Who stamps the signature with a trusted time; its failure fails the signing. */
  tsa: TimestampAuthority;
  /** Where the signing time comes from. */
  clock: Clock;
  /** When the caller knows the certificate was revoked; signing at or after this instant is refused. */
  revokedAt?: Date;
  /** Randomness for the timestamp nonce; node:crypto unless a test injects its own. */
  randomBytes?: (length: number) => Uint8Array;
}

export type CountersignInput = CountersignIdentity & CountersignCall;

export interface Countersignature {
  /** DER ContentInfo holding the detached SignedData (CAdES-T: with signatureTimeStampToken). */
  cms: Uint8Array;
  /** DER TimeStampToken, exactly as embedded in cms. */
  token: Uint8Array;
  /** signingTime attribute: the injected clock at signing. */
  signingTime: Date;
  /** The TSA's genTime: the time the record can prove. */
  genTime: Date;
  /** The timestamp token's serial number, hex. */
  timestampSerial: string;
}

const TIMESTAMP_ATTRIBUTE = derOf(new asn1js.ObjectIdentifier({ value: OID.signatureTimeStampToken }));

/** Refuses a certificate that is not usable at `at`; `when` names that instant in the message (built only when thrown). */
function assertUsableAt(cert: pkijs.Certificate, at: Date, when: string, revokedAt: Date | undefined): void {
  if (revokedAt && at >= revokedAt) {
    throw new PkiError('CERT_REVOKED', `expected a certificate not revoked at ${when} ${at.toISOString()}; "${subjectOf(cert)}" was revoked at ${revokedAt.toISOString()}`);
  }
  const notBefore = cert.notBefore.value;
  const notAfter = cert.notAfter.value;
  if (at < notBefore) {
    throw new PkiError(
      'CERT_NOT_YET_VALID',
      `expected a certificate valid at ${when} ${at.toISOString()}; "${subjectOf(cert)}" is valid only from ${notBefore.toISOString()}`,
    );
  }
  if (at > notAfter) {
    throw new PkiError('CERT_EXPIRED', `expected a certificate valid at ${when} ${at.toISOString()}; "${subjectOf(cert)}" expired at ${notAfter.toISOString()}`);
  }
}

/** keyUsage must allow digitalSignature or nonRepudiation (RFC 5280 §4.2.1.3); absent keyUsage allows all. */
function allowsSigning(cert: pkijs.Certificate): boolean {
  const ext = cert.extensions?.find((e) => e.extnID === OID.keyUsage);
  if (!ext) return true;
  const bits = (ext.parsedValue as asn1js.BitString | undefined)?.valueBlock.valueHexView[0] ?? 0;
  return (bits & 0xc0) !== 0;
}

/**
 * The organisation countersigns a payload: a detached CMS SignedData (RFC 5652 §5) over it, made
 * long-term verifiable with an RFC 3161 timestamp on the signature (CAdES-T, ETSI EN 319 122-1).
 *
 * 1. Refuses when the certificate is revoked (now ≥ revokedAt: CERT_REVOKED), not yet valid
 *    (CERT_NOT_YET_VALID) or expired (CERT_EXPIRED) at the injected time, when its keyUsage does not
 *    allow signing (CERT_KEY_USAGE), or when the key is not the certificate's (CHAIN_KEY_MISMATCH).
 * 2. Signs SHA-256 with signed attributes contentType = id-data (RFC 5652 §11.1), messageDigest
 *    (§11.2), signingTime from the clock (§11.3) and ESS signingCertificateV2 (RFC 5035 §3: certHash
 *    = SHA-256 of the signer certificate, with issuerSerial). certificates = signer + chain.
 * 3. Asks the TSA to stamp the signature: messageImprint = SHA-256 of the SignerInfo's signature
 *    OCTET STRING value (RFC 3161 Appendix A), with a random nonce and certReq. The token becomes
 *    the unsigned attribute id-aa-signatureTimeStampToken (1.2.840.113549.1.9.16.2.14).
 *    Any TSA failure is TSA_UNAVAILABLE and nothing is returned: a countersignature without a
 *    third-party time would stop verifying the day the certificate expires.
 * 4. Refuses as in 1 if the certificate was not valid at the TSA's genTime: verification judges the
 *    certificate at genTime, so such a record would never verify.
 *
 * One-shot form of prepareCountersigner(input).countersign(input); a caller signing repeatedly with
 * one certificate prepares once.
 */
export async function countersign(input: CountersignInput): Promise<Countersignature> {
  return (await prepareCountersigner(input)).countersign(input);
}

/**
 * Parses the certificate (MALFORMED_PEM now, as countersign's first step) and prepares key and
 * fixed encodings. A key that does not fit (MALFORMED_PEM, KEY_ALGORITHM_UNSUPPORTED,
 * CHAIN_KEY_MISMATCH) or a keyUsage that forbids signing is not thrown here but by countersign(),
 * after the validity checks, so the caller sees the refusals in countersign's order.
 */
export async function prepareCountersigner(identity: CountersignIdentity): Promise<Countersigner> {
  const cert = parseCertificate(identity.signerCertificate, 'signer certificate');
  let signer: SignedDataSigner | undefined;
  let keyError: unknown;
  try {
    if (identity.privateKey instanceof Uint8Array) {
      keyAlgorithmOf(identity.privateKey); // MALFORMED_PEM / KEY_ALGORITHM_UNSUPPORTED before anything else
      if (!certificateMatchesKey(cert, identity.privateKey)) {
        throw new PkiError('CHAIN_KEY_MISMATCH', `expected the private key of "${subjectOf(cert)}", found a key with a different public key`);
      }
    }
    signer = await SignedDataSigner.prepare(cert, identity.signerCertificate, identity.privateKey, [identity.signerCertificate, ...(identity.chain ?? [])]);
  } catch (e) {
    keyError = e;
  }
  return new Countersigner(cert, allowsSigning(cert), signer, keyError);
}

/** The organisation's countersigning key and certificate, prepared (see countersign for what it does). */
export class Countersigner {
  constructor(
    private readonly cert: pkijs.Certificate,
    private readonly keyUsageOk: boolean,
    private readonly signer: SignedDataSigner | undefined,
    private readonly keyError: unknown,
  ) {}

  async countersign(call: CountersignCall): Promise<Countersignature> {
    const now = call.clock.now();
    assertUsableAt(this.cert, now, 'signing time', call.revokedAt);
    if (!this.keyUsageOk) {
      throw new PkiError('CERT_KEY_USAGE', `expected keyUsage digitalSignature or nonRepudiation on "${subjectOf(this.cert)}", found neither`);
    }
    if (!this.signer) throw this.keyError;
    const signer = this.signer;
    const parts = signer.sign({ contentType: OID.data, content: call.payload, encapsulate: false, signingTime: now, withCertificates: true });

    // RFC 3161 Appendix A: the timestamp is over "the value of the signature field within SignerInfo",
    // i.e. the OCTET STRING's contents, not its tag and length.
    const imprint = sha256(parts.signature);
    const nonce = new Uint8Array(call.randomBytes?.(16) ?? randomBytes(16));
    const stamped = await stamp(call.tsa, imprint, nonce);
    assertUsableAt(this.cert, stamped.genTime, "the TSA's genTime", call.revokedAt);

    return {
      cms: signer.encode(parts, [attributeDer(TIMESTAMP_ATTRIBUTE, stamped.token)]),
      token: stamped.token,
      signingTime: now,
      genTime: stamped.genTime,
      timestampSerial: hex(stamped.serialNumber),
    };
  }
}

/**
 * The token for this imprint: from an in-process TSA directly (issueToken), otherwise as RFC 3161
 * §2.4 over the wire, the response checked against imprint and nonce (acceptTimestampResponse).
 * Every failure is TSA_UNAVAILABLE.
 */
async function stamp(tsa: TimestampAuthority, imprint: Uint8Array, nonce: Uint8Array): Promise<{ token: Uint8Array; genTime: Date; serialNumber: Uint8Array }> {
  const unavailable = (e: unknown, what: string): PkiError =>
    isPkiError(e) && e.code === 'TSA_UNAVAILABLE' ? e : new PkiError('TSA_UNAVAILABLE', `expected ${what} from the TSA, it failed: ${(e as Error).message}`, { cause: e });
  if (tsa.issueToken) {
    try {
      return await tsa.issueToken(imprint, nonceValue(nonce));
    } catch (e) {
      throw unavailable(e, 'a TimeStampToken');
    }
  }
  let response: Uint8Array;
  try {
    response = await tsa.timestamp(createTimestampRequest(imprint, nonce));
  } catch (e) {
    throw unavailable(e, 'a TimeStampResp');
  }
  const { token, tstInfo } = acceptTimestampResponse(response, imprint, nonce);
  return { token, genTime: tstInfo.genTime, serialNumber: tstInfo.serialNumber.valueBlock.valueHexView };
}

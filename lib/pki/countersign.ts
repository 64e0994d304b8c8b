import * as asn1js from 'asn1js';
import { randomBytes } from 'node:crypto';
import type { Clock } from '../clock';
import { certificateMatchesKey, hex, importSigningKey, keyAlgorithmOf, parseCertificate, pkijs, sha256, subjectOf, toArrayBuffer, toBytes } from './crypto';
import { OID } from './oids';
import { isPkiError, PkiError } from './pki-errors';
import { encodeSignedData, signContent } from './signed-data';
import { acceptTimestampResponse, createTimestampRequest, type TimestampAuthority } from './timestamp-authority';

export interface CountersignInput {
  /** The bytes the organisation signs (e.g. the evidence bundle). Not embedded: the CMS is detached. */
  payload: Uint8Array;
  /** DER certificate of the organisation signing key. */
  signerCertificate: Uint8Array;
  /** DER certificates above it (issuer first, root last or omitted), carried in SignedData.certificates. */
  chain?: Uint8Array[];
  /** PKCS#8 DER private key of the signer certificate (or an imported WebCrypto key). */
  privateKey: Uint8Array | CryptoKey;
  /** Who stamps the signature with a trusted time; its failure fails the signing. */
  tsa: TimestampAuthority;
  /** Where the signing time comes from. */
  clock: Clock;
  /** When the caller knows the certificate was revoked; signing at or after this instant is refused. */
  revokedAt?: Date;
  /** Randomness for the timestamp nonce; node:crypto unless a test injects its own. */
  randomBytes?: (length: number) => Uint8Array;
}

export interface Countersignature {
  /** DER ContentInfo holding the detached SignedData (CAdES-T: with signatureTimeStampToken). */
  cms: Uint8Array;
  /** signingTime attribute: the injected clock at signing. */
  signingTime: Date;
  /** The TSA's genTime: the time the record can prove. */
  genTime: Date;
  /** The timestamp token's serial number, hex. */
  timestampSerial: string;
}

/** Refuses a certificate that is not usable at `at`; `when` names that instant in the message. */
function assertUsableAt(cert: pkijs.Certificate, at: Date, when: string, revokedAt: Date | undefined): void {
  const subject = subjectOf(cert);
  if (revokedAt && at >= revokedAt) {
    throw new PkiError('CERT_REVOKED', `expected a certificate not revoked at ${when} ${at.toISOString()}; "${subject}" was revoked at ${revokedAt.toISOString()}`);
  }
  const notBefore = cert.notBefore.value;
  const notAfter = cert.notAfter.value;
  if (at < notBefore) {
    throw new PkiError(
      'CERT_NOT_YET_VALID',
      `expected a certificate valid at ${when} ${at.toISOString()}; "${subject}" is valid only from ${notBefore.toISOString()}`,
    );
  }
  if (at > notAfter) {
    throw new PkiError('CERT_EXPIRED', `expected a certificate valid at ${when} ${at.toISOString()}; "${subject}" expired at ${notAfter.toISOString()}`);
  }
}

/** keyUsage must allow digitalSignature or nonRepudiation (RFC 5280 §4.2.1.3); absent keyUsage allows all. */
function assertSigningKeyUsage(cert: pkijs.Certificate): void {
  const ext = cert.extensions?.find((e) => e.extnID === OID.keyUsage);
  if (!ext) return;
  const bits = (ext.parsedValue as asn1js.BitString | undefined)?.valueBlock.valueHexView[0] ?? 0;
  if ((bits & 0xc0) === 0) {
    throw new PkiError('CERT_KEY_USAGE', `expected keyUsage digitalSignature or nonRepudiation on "${subjectOf(cert)}", found neither`);
  }
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
 */
export async function countersign(input: CountersignInput): Promise<Countersignature> {
  const cert = parseCertificate(input.signerCertificate, 'signer certificate');
  const now = input.clock.now();
  assertUsableAt(cert, now, 'signing time', input.revokedAt);
  assertSigningKeyUsage(cert);
  let key: CryptoKey;
  if (input.privateKey instanceof Uint8Array) {
    keyAlgorithmOf(input.privateKey); // MALFORMED_PEM / KEY_ALGORITHM_UNSUPPORTED before anything else
    if (!certificateMatchesKey(cert, input.privateKey)) {
      throw new PkiError('CHAIN_KEY_MISMATCH', `expected the private key of "${subjectOf(cert)}", found a key with a different public key`);
    }
    key = await importSigningKey(input.privateKey);
  } else {
    key = input.privateKey;
  }

  const signedData = await signContent({
    contentType: OID.data,
    content: input.payload,
    encapsulate: false,
    signerCert: cert,
    signerCertDer: input.signerCertificate,
    certificates: [input.signerCertificate, ...(input.chain ?? [])],
    key,
    signingTime: now,
  });
  const signerInfo = signedData.signerInfos[0];
  if (!signerInfo) throw new Error('pkijs produced a SignedData without its SignerInfo');

  // RFC 3161 Appendix A: the timestamp is over "the value of the signature field within SignerInfo",
  // i.e. the OCTET STRING's contents, not its tag and length.
  const imprint = sha256(toBytes(signerInfo.signature.getValue()));
  const nonce = new Uint8Array(input.randomBytes?.(16) ?? randomBytes(16));
  const request = createTimestampRequest(imprint, nonce);
  let response: Uint8Array;
  try {
    response = await input.tsa.timestamp(request);
  } catch (e) {
    if (isPkiError(e) && e.code === 'TSA_UNAVAILABLE') throw e;
    throw new PkiError('TSA_UNAVAILABLE', `expected a TimeStampResp from the TSA, it failed: ${(e as Error).message}`, { cause: e });
  }
  const { token, tstInfo } = acceptTimestampResponse(response, imprint, nonce);
  assertUsableAt(cert, tstInfo.genTime, "the TSA's genTime", input.revokedAt);

  const tokenAsn = asn1js.fromBER(toArrayBuffer(token));
  if (tokenAsn.offset === -1) throw new PkiError('TSA_UNAVAILABLE', 'the timestamp token does not re-parse as DER');
  signerInfo.unsignedAttrs = new pkijs.SignedAndUnsignedAttributes({
    type: 1,
    attributes: [new pkijs.Attribute({ type: OID.signatureTimeStampToken, values: [tokenAsn.result] })],
  });

  return {
    cms: encodeSignedData(signedData),
    signingTime: now,
    genTime: tstInfo.genTime,
    timestampSerial: hex(tstInfo.serialNumber.valueBlock.valueHexView),
  };
}

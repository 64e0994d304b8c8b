import * as asn1js from 'asn1js';
import { createHash, createPrivateKey, KeyObject, sign } from 'node:crypto';
import { engine, importSigningKey, pkijs } from './crypto';
import { constructed, context, derOf, OCTET_STRING, octetString, SEQUENCE, SET, sortDer } from './der';
import { OID } from './oids';
import { PkiError } from './pki-errors';
import { signingCertificateV2Attribute } from './signed-data';

/**
 * A one-signer CMS SignedData (RFC 5652 §5) signer prepared once per certificate and key, for the
 * organisation countersignature and the built-in TSA's tokens. It produces the same structure as
 * signContent + encodeSignedData (signed-data.ts, the pkijs reference kept for tests): SHA-256,
 * signed attributes contentType, messageDigest, [signingTime] and ESS signingCertificateV2 in DER
 * order, sid issuerAndSerialNumber, certificates signer first then chain.
 *
 * What does not change between calls is encoded once here with pkijs/asn1js (SignerIdentifier,
 * algorithm identifiers, the signingCertificateV2 attribute, the certificates); a call encodes its
 * digest and time with asn1js and signs with node:crypto (der.ts explains the assembly).
 */

/** Node's digest for each signature algorithm pkijs assigns (RFC 5758 §3.2, RFC 4055 §5). */
const SIGNATURE_HASH: Record<string, string> = {
  '1.2.840.10045.4.3.2': 'sha256', // ecdsa-with-SHA256
  '1.2.840.10045.4.3.3': 'sha384',
  '1.2.840.10045.4.3.4': 'sha512',
  '1.2.840.113549.1.1.11': 'sha256', // sha256WithRSAEncryption
  '1.2.840.113549.1.1.12': 'sha384',
  '1.2.840.113549.1.1.13': 'sha512',
};

/** OBJECT IDENTIFIER encodings by dotted form; asn1js takes ~50 µs to encode one. */
const oids = new Map<string, Uint8Array>();
export function oidDer(oid: string): Uint8Array {
  let der = oids.get(oid);
  if (!der) {
    der = derOf(new asn1js.ObjectIdentifier({ value: oid }));
    oids.set(oid, der);
  }
  return der;
}

/** An Attribute (RFC 5652 §5.3): SEQUENCE { attrType OID, attrValues SET OF value }, from pre-encoded pieces. */
export function attributeDer(typeDer: Uint8Array, valueDer: Uint8Array): Uint8Array {
  return constructed(SEQUENCE, [typeDer, constructed(SET, [valueDer])]);
}

const MESSAGE_DIGEST = oidDer(OID.messageDigest);
const SIGNING_TIME = oidDer(OID.signingTime);
const SIGNED_DATA = oidDer(OID.signedData);
/** AlgorithmIdentifier { id-sha256, NULL }, as pkijs writes digestAlgorithm. */
export const SHA256_ALGORITHM = derOf(new pkijs.AlgorithmIdentifier({ algorithmId: OID.sha256, algorithmParams: new asn1js.Null() }).toSchema());
const DIGEST_ALGORITHMS = constructed(SET, [SHA256_ALGORITHM]);
const VERSION_1 = derOf(new asn1js.Integer({ value: 1 }));
const VERSION_3 = derOf(new asn1js.Integer({ value: 3 }));
/** pkijs splits encapsulated content into OCTET STRING pieces of this size (constructed, BER). */
const ECONTENT_PIECE = 65536;

export interface SignInput {
  /** eContentType (RFC 5652 §5.2): id-data or id-ct-TSTInfo. */
  contentType: string;
  content: Uint8Array;
  /** true: carry the content (eContent); false: detached. */
  encapsulate: boolean;
  /** signingTime attribute (RFC 5652 §11.3); omitted when undefined. */
  signingTime?: Date;
  /** Carry the certificates in SignedData.certificates (a TSA does so only on certReq). */
  withCertificates: boolean;
}

/** The signed half of a SignerInfo; unsigned attributes can be added from the signature. */
export interface SignedParts {
  input: SignInput;
  /** The [0] IMPLICIT signedAttrs as they go into the SignerInfo. */
  signedAttrs: Uint8Array;
  /** The signature value (the SignerInfo's OCTET STRING contents). */
  signature: Uint8Array;
}

export class SignedDataSigner {
  private readonly sid: Uint8Array;
  private readonly essAttribute: Uint8Array;
  private readonly certificates: Uint8Array | undefined;
  private readonly contentTypeAttributes = new Map<string, Uint8Array>();

  private constructor(
    cert: pkijs.Certificate,
    certDer: Uint8Array,
    certificates: Uint8Array[],
    private readonly key: KeyObject,
    private readonly signatureAlgorithm: Uint8Array,
    private readonly hash: string,
  ) {
    this.sid = derOf(new pkijs.IssuerAndSerialNumber({ issuer: cert.issuer, serialNumber: cert.serialNumber }).toSchema());
    this.essAttribute = derOf(signingCertificateV2Attribute(cert, certDer).toSchema());
    this.certificates = certificates.length > 0 ? constructed(context(0), certificates) : undefined;
  }

  /**
   * Prepares a signer: the key as a node:crypto KeyObject, the signature algorithm identifier pkijs
   * would choose for it (CryptoEngine.getSignatureParameters with SHA-256), and the fixed encodings.
   * KEY_ALGORITHM_UNSUPPORTED for a key pkijs would sign with an algorithm listed nowhere above.
   */
  static async prepare(cert: pkijs.Certificate, certDer: Uint8Array, privateKey: Uint8Array | CryptoKey, certificates: Uint8Array[]): Promise<SignedDataSigner> {
    const cryptoKey = privateKey instanceof Uint8Array ? await importSigningKey(privateKey) : privateKey;
    const keyObject = privateKey instanceof Uint8Array ? createPrivateKey({ key: Buffer.from(privateKey), format: 'der', type: 'pkcs8' }) : KeyObject.from(privateKey);
    const params = await engine.getSignatureParameters(cryptoKey, 'SHA-256');
    const algorithmId = params.signatureAlgorithm.algorithmId;
    const hash = SIGNATURE_HASH[algorithmId];
    if (!hash) throw new PkiError('KEY_ALGORITHM_UNSUPPORTED', `expected an ECDSA or RSASSA-PKCS1-v1_5 key, found one that signs with ${algorithmId}`);
    return new SignedDataSigner(cert, certDer, certificates, keyObject, derOf(params.signatureAlgorithm.toSchema()), hash);
  }

  private contentTypeAttribute(contentType: string): Uint8Array {
    let der = this.contentTypeAttributes.get(contentType);
    if (!der) {
      der = attributeDer(oidDer(OID.contentType), oidDer(contentType));
      this.contentTypeAttributes.set(contentType, der);
    }
    return der;
  }

  /**
   * Signs the DER SET OF signed attributes (RFC 5652 §5.4: the signature covers the SET OF
   * encoding, the SignerInfo carries the same contents under [0] IMPLICIT).
   */
  sign(input: SignInput): SignedParts {
    const digest = createHash('sha256').update(input.content).digest();
    const attributes = [
      this.contentTypeAttribute(input.contentType),
      attributeDer(MESSAGE_DIGEST, octetString(digest)),
      this.essAttribute,
    ];
    if (input.signingTime) {
      // RFC 5652 §11.3: dates from 1950 through 2049 MUST be UTCTime, others GeneralizedTime.
      const year = input.signingTime.getUTCFullYear();
      const time = year >= 1950 && year < 2050 ? new asn1js.UTCTime({ valueDate: input.signingTime }) : new asn1js.GeneralizedTime({ valueDate: input.signingTime });
      attributes.push(attributeDer(SIGNING_TIME, derOf(time)));
    }
    const sorted = sortDer(attributes);
    const signature = sign(this.hash, constructed(SET, sorted), { key: this.key, dsaEncoding: 'der' });
    return { input, signedAttrs: constructed(context(0), sorted), signature: new Uint8Array(signature) };
  }

  /** The DER ContentInfo (RFC 5652 §3) holding the SignedData, with these unsigned attributes (DER Attributes). */
  encode(parts: SignedParts, unsignedAttributes: Uint8Array[] = []): Uint8Array<ArrayBuffer> {
    const { input } = parts;
    const signerInfo = constructed(SEQUENCE, [
      VERSION_1, // sid is issuerAndSerialNumber (RFC 5652 §5.3)
      this.sid,
      SHA256_ALGORITHM,
      parts.signedAttrs,
      this.signatureAlgorithm,
      octetString(parts.signature),
      ...(unsignedAttributes.length > 0 ? [constructed(context(1), sortDer(unsignedAttributes))] : []),
    ]);
    const encapContentInfo = constructed(SEQUENCE, [
      oidDer(input.contentType),
      ...(input.encapsulate ? [constructed(context(0), [encapsulatedContent(input.content)])] : []),
    ]);
    const signedData = constructed(SEQUENCE, [
      // RFC 5652 §5.1: version 3 when eContentType is not id-data, else 1 (only X.509 certificates, issuerAndSerialNumber).
      input.contentType === OID.data ? VERSION_1 : VERSION_3,
      DIGEST_ALGORITHMS,
      encapContentInfo,
      ...(input.withCertificates && this.certificates ? [this.certificates] : []),
      constructed(SET, [signerInfo]),
    ]);
    return constructed(SEQUENCE, [SIGNED_DATA, constructed(context(0), [signedData])]);
  }
}

/** eContent as pkijs writes it: a constructed OCTET STRING of ≤ 64 KiB primitive pieces (valid BER, RFC 5652 §5.2). */
function encapsulatedContent(content: Uint8Array): Uint8Array {
  const pieces: Uint8Array[] = [];
  for (let offset = 0; offset < content.byteLength || offset === 0; offset += ECONTENT_PIECE) {
    pieces.push(octetString(content.subarray(offset, Math.min(content.byteLength, offset + ECONTENT_PIECE))));
    if (content.byteLength === 0) break;
  }
  return constructed(OCTET_STRING, pieces);
}

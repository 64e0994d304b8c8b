import * as asn1js from 'asn1js';
import { sha1, sha256 as sha256Of, sha384, sha512 } from '../hash';
import { bytesEqual, engine, hex, pkijs, sha256, toArrayBuffer, toBytes } from './crypto-core';
import { OID } from './oids';

/**
 * CMS SignedData building blocks shared by the organisation countersignature (countersign.ts), the
 * built-in TSA (local-tsa.ts) and the verifier. Everything is built with pkijs + asn1js objects and
 * leaves as DER; nothing here writes bytes by hand.
 */

/**
 * Sorts attributes into DER order. The signature covers the DER encoding of SignedAttributes
 * (RFC 5652 §5.4: "the DER encoding of the SET OF"), and DER orders a SET OF by the encodings of
 * its elements compared as octet strings, the shorter padded with zeros (X.690 §11.6). asn1js
 * keeps insertion order, and OpenSSL re-encodes the set in DER order before verifying, so an
 * unsorted set would sign bytes no other verifier reconstructs.
 */
export function sortAttributesDer(attributes: pkijs.Attribute[]): pkijs.Attribute[] {
  const encoded = attributes.map((a) => ({ a, der: new Uint8Array(a.toSchema().toBER(false)) }));
  encoded.sort((x, y) => {
    const n = Math.max(x.der.length, y.der.length);
    for (let i = 0; i < n; i++) {
      const d = (x.der[i] ?? 0) - (y.der[i] ?? 0);
      if (d !== 0) return d;
    }
    return 0;
  });
  return encoded.map((e) => e.a);
}

/**
 * The ESS signingCertificateV2 attribute (RFC 5035 §3), binding the signature to one certificate
 * so a verifier cannot be offered a different certificate with the same key (certificate
 * substitution, RFC 2634 §5.4):
 *
 *     SigningCertificateV2 ::= SEQUENCE { certs SEQUENCE OF ESSCertIDv2, policies … OPTIONAL }
 *     ESSCertIDv2 ::= SEQUENCE {
 *         hashAlgorithm AlgorithmIdentifier DEFAULT {algorithm id-sha256},
 *         certHash      OCTET STRING,            -- hash of the whole DER certificate
 *         issuerSerial  IssuerSerial OPTIONAL }
 *     IssuerSerial ::= SEQUENCE { issuer GeneralNames, serialNumber CertificateSerialNumber }
 *
 * hashAlgorithm is SHA-256, the DEFAULT, so DER omits it (X.690 §11.5).
 */
export function signingCertificateV2Attribute(cert: pkijs.Certificate, certDer: Uint8Array): pkijs.Attribute {
  const issuer = new pkijs.GeneralNames({ names: [new pkijs.GeneralName({ type: 4, value: cert.issuer })] });
  const essCertIdV2 = new asn1js.Sequence({
    value: [
      new asn1js.OctetString({ valueHex: toArrayBuffer(sha256(certDer)) }),
      new asn1js.Sequence({ value: [issuer.toSchema(), new asn1js.Integer({ valueHex: toArrayBuffer(cert.serialNumber.valueBlock.valueHexView) })] }),
    ],
  });
  return new pkijs.Attribute({
    type: OID.signingCertificateV2,
    values: [new asn1js.Sequence({ value: [new asn1js.Sequence({ value: [essCertIdV2] })] })],
  });
}

const HASH_NAMES: Record<string, string> = {
  [OID.sha1]: 'sha1',
  [OID.sha256]: 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
};

const HASHES: Record<string, (data: Uint8Array) => Uint8Array> = { sha1, sha256: sha256Of, sha384, sha512 };

/** One ESSCertIDv2 as read back from a signingCertificateV2 attribute. */
export interface EssCertIdV2 {
  hashAlgorithm: string;
  certHash: Uint8Array;
  issuer?: pkijs.GeneralNames;
  serialNumber?: asn1js.Integer;
}

/**
 * Reads the certs of a signingCertificateV2 attribute value (RFC 5035 §3), or of a version 1
 * signingCertificate (RFC 2634 §5.4, `v1`: no hashAlgorithm, certHash is SHA-1), which some
 * external TSAs still put in their tokens. Throws with what was expected when it does not fit.
 */
export function readSigningCertificateV2(value: unknown, v1 = false): EssCertIdV2[] {
  if (!(value instanceof asn1js.Sequence)) throw new Error('expected SigningCertificateV2 to be a SEQUENCE');
  const certs = value.valueBlock.value[0];
  if (!(certs instanceof asn1js.Sequence) || certs.valueBlock.value.length === 0) {
    throw new Error('expected SigningCertificateV2.certs to be a non-empty SEQUENCE OF ESSCertIDv2');
  }
  return certs.valueBlock.value.map((item, i) => {
    if (!(item instanceof asn1js.Sequence)) throw new Error(`expected ESSCertIDv2 #${i} to be a SEQUENCE`);
    const parts = [...item.valueBlock.value];
    let hashAlgorithm: string = v1 ? OID.sha1 : OID.sha256;
    if (!v1 && parts[0] instanceof asn1js.Sequence) {
      hashAlgorithm = new pkijs.AlgorithmIdentifier({ schema: parts.shift() }).algorithmId;
    }
    const hash = parts.shift();
    if (!(hash instanceof asn1js.OctetString)) throw new Error(`expected ESSCertIDv2 #${i} certHash to be an OCTET STRING`);
    const out: EssCertIdV2 = { hashAlgorithm, certHash: toBytes(hash.getValue()) };
    const issuerSerial = parts.shift();
    if (issuerSerial !== undefined) {
      if (!(issuerSerial instanceof asn1js.Sequence)) throw new Error(`expected ESSCertIDv2 #${i} issuerSerial to be a SEQUENCE`);
      const [names, serial] = issuerSerial.valueBlock.value;
      if (!(serial instanceof asn1js.Integer)) throw new Error(`expected ESSCertIDv2 #${i} issuerSerial.serialNumber to be an INTEGER`);
      out.issuer = new pkijs.GeneralNames({ schema: names });
      out.serialNumber = serial;
    }
    return out;
  });
}

/**
 * Checks the first ESSCertIDv2 against a certificate (RFC 5035 §3: the first certificate identified
 * is the signer's). Returns a sentence on success, throws with what differed otherwise.
 */
export function matchSigningCertificateV2(ids: EssCertIdV2[], cert: pkijs.Certificate, certDer: Uint8Array, role = 'signer'): string {
  const first = ids[0];
  if (!first) throw new Error('expected at least one ESSCertID, found none');
  const hashName = HASH_NAMES[first.hashAlgorithm];
  if (!hashName) throw new Error(`expected certHash algorithm SHA-1/256/384/512, found ${first.hashAlgorithm}`);
  const expected = HASHES[hashName]!(certDer);
  if (!bytesEqual(first.certHash, expected)) {
    throw new Error(`expected certHash ${hex(expected)} (${hashName} of the ${role} certificate), found ${hex(first.certHash)}`);
  }
  if (first.issuer && first.serialNumber) {
    const dn = first.issuer.names.find((n) => n.type === 4)?.value as pkijs.RelativeDistinguishedNames | undefined;
    if (!dn || !dn.isEqual(cert.issuer)) throw new Error(`expected issuerSerial.issuer to name the ${role} certificate's issuer, it names another`);
    const want = cert.serialNumber.toBigInt().toString(16);
    const found = first.serialNumber.toBigInt().toString(16);
    if (want !== found) throw new Error(`expected issuerSerial.serialNumber ${want}, found ${found}`);
    return `certHash (${hashName}) and issuerSerial match the ${role} certificate`;
  }
  return `certHash (${hashName}) matches the ${role} certificate (no issuerSerial)`;
}

export interface SignContentInput {
  /** eContentType (RFC 5652 §5.2): id-data for the countersignature, id-ct-TSTInfo for a timestamp token. */
  contentType: string;
  /** The content whose SHA-256 becomes the messageDigest attribute. */
  content: Uint8Array;
  /** true: carry the content inside (eContent); false: detached, the verifier supplies it. */
  encapsulate: boolean;
  signerCert: pkijs.Certificate;
  signerCertDer: Uint8Array;
  /** Certificates to carry in SignedData.certificates (signer first, then chain); empty for none. */
  certificates: Uint8Array[];
  key: CryptoKey;
  /** signingTime attribute (RFC 5652 §11.3); omitted when undefined. */
  signingTime?: Date;
}

/**
 * Builds and signs a one-signer SignedData (RFC 5652 §5) with SHA-256 and signed attributes
 * contentType, messageDigest, [signingTime] and signingCertificateV2. The SignerIdentifier is
 * issuerAndSerialNumber, so SignerInfo.version is 1 (RFC 5652 §5.3).
 */
export async function signContent(input: SignContentInput): Promise<pkijs.SignedData> {
  const attributes = [
    new pkijs.Attribute({ type: OID.contentType, values: [new asn1js.ObjectIdentifier({ value: input.contentType })] }),
    new pkijs.Attribute({ type: OID.messageDigest, values: [new asn1js.OctetString({ valueHex: toArrayBuffer(sha256(input.content)) })] }),
    signingCertificateV2Attribute(input.signerCert, input.signerCertDer),
  ];
  if (input.signingTime) {
    // RFC 5652 §11.3: dates from 1950 through 2049 MUST be UTCTime, others GeneralizedTime.
    const year = input.signingTime.getUTCFullYear();
    const time =
      year >= 1950 && year < 2050 ? new asn1js.UTCTime({ valueDate: input.signingTime }) : new asn1js.GeneralizedTime({ valueDate: input.signingTime });
    attributes.push(new pkijs.Attribute({ type: OID.signingTime, values: [time] }));
  }
  const signedData = new pkijs.SignedData({
    version: 1,
    encapContentInfo: new pkijs.EncapsulatedContentInfo({
      eContentType: input.contentType,
      ...(input.encapsulate ? { eContent: new asn1js.OctetString({ valueHex: toArrayBuffer(input.content) }) } : {}),
    }),
    signerInfos: [
      new pkijs.SignerInfo({
        version: 1,
        sid: new pkijs.IssuerAndSerialNumber({ issuer: input.signerCert.issuer, serialNumber: input.signerCert.serialNumber }),
        signedAttrs: new pkijs.SignedAndUnsignedAttributes({ type: 0, attributes: sortAttributesDer(attributes) }),
      }),
    ],
    ...(input.certificates.length > 0 ? { certificates: input.certificates.map((der) => pkijs.Certificate.fromBER(toArrayBuffer(der))) } : {}),
  });
  await signedData.sign(input.key, 0, 'SHA-256', undefined, engine);
  return signedData;
}

/** Wraps a SignedData in a ContentInfo (RFC 5652 §3) and encodes it. */
export function encodeSignedData(signedData: pkijs.SignedData): Uint8Array<ArrayBuffer> {
  const contentInfo = new pkijs.ContentInfo({ contentType: OID.signedData, content: signedData.toSchema(true) });
  return new Uint8Array(contentInfo.toSchema().toBER(false));
}

/** Parses DER ContentInfo → SignedData; throws with what arrived when it is something else. */
export function decodeSignedData(der: Uint8Array): pkijs.SignedData {
  const contentInfo = pkijs.ContentInfo.fromBER(toArrayBuffer(der));
  if (contentInfo.contentType !== OID.signedData) {
    throw new Error(`expected ContentInfo of type signedData (${OID.signedData}), found ${contentInfo.contentType}`);
  }
  return new pkijs.SignedData({ schema: contentInfo.content });
}

/** The attribute of this type in a signed or unsigned attribute set, if present exactly once. */
export function findAttribute(set: pkijs.SignedAndUnsignedAttributes | undefined, type: string): pkijs.Attribute | undefined {
  const found = set?.attributes.filter((a) => a.type === type) ?? [];
  if (found.length > 1) throw new Error(`expected attribute ${type} at most once, found it ${found.length} times`);
  return found[0];
}

/** Digest algorithms accepted in a SignerInfo (RFC 5754), by OID. SHA-1 is not. */
const SIGNER_DIGESTS: Record<string, { node: string; webcrypto: string }> = {
  [OID.sha256]: { node: 'sha256', webcrypto: 'SHA-256' },
  '2.16.840.1.101.3.4.2.2': { node: 'sha384', webcrypto: 'SHA-384' },
  '2.16.840.1.101.3.4.2.3': { node: 'sha512', webcrypto: 'SHA-512' },
};

const RSA_ENCRYPTION = '1.2.840.113549.1.1.1';

export interface SignerInfoCheck {
  /** messageDigest attribute equals SHA-256 of the content. */
  digest: { ok: boolean; detail: string };
  /** contentType attribute equals the eContentType. */
  contentType: { ok: boolean; detail: string };
  /** The signature over the DER signed attributes verifies with the certificate's key. */
  signature: { ok: boolean; detail: string };
}

/**
 * Verifies signer 0 of a SignedData over `content` with `cert`, reporting the three steps of
 * RFC 5652 §5.6 separately (message digest, content type, signature), so a verifier can name which
 * one failed. The signature is checked over the signed attributes exactly as they arrived.
 */
export async function checkSignerInfo(signedData: pkijs.SignedData, content: Uint8Array, cert: pkijs.Certificate): Promise<SignerInfoCheck> {
  const signerInfo = signedData.signerInfos[0];
  if (!signerInfo) throw new Error('expected one SignerInfo, found none');
  const result: SignerInfoCheck = {
    digest: { ok: false, detail: '' },
    contentType: { ok: false, detail: '' },
    signature: { ok: false, detail: '' },
  };
  const digest = SIGNER_DIGESTS[signerInfo.digestAlgorithm.algorithmId];
  if (!digest) {
    const d = `expected digestAlgorithm SHA-256, SHA-384 or SHA-512, found ${signerInfo.digestAlgorithm.algorithmId}`;
    return { digest: { ok: false, detail: d }, contentType: { ok: false, detail: d }, signature: { ok: false, detail: d } };
  }
  const md = findAttribute(signerInfo.signedAttrs, OID.messageDigest);
  const mdValue = md?.values[0];
  if (!(mdValue instanceof asn1js.OctetString)) {
    result.digest.detail = 'expected a signed messageDigest attribute (RFC 5652 §11.2), found none';
  } else {
    const expected = HASHES[digest.node]!(content);
    const found = toBytes(mdValue.getValue());
    result.digest.ok = bytesEqual(expected, found);
    result.digest.detail = result.digest.ok
      ? `messageDigest = ${digest.webcrypto} of the content (${hex(expected)})`
      : `expected messageDigest ${hex(expected)} (${digest.webcrypto} of the content), found ${hex(found)}`;
  }
  const ct = findAttribute(signerInfo.signedAttrs, OID.contentType)?.values[0];
  const eContentType = signedData.encapContentInfo.eContentType;
  if (!(ct instanceof asn1js.ObjectIdentifier)) {
    result.contentType.detail = 'expected a signed contentType attribute (RFC 5652 §11.1), found none';
  } else {
    result.contentType.ok = ct.getValue() === eContentType;
    result.contentType.detail = result.contentType.ok
      ? `contentType = eContentType = ${eContentType}`
      : `expected contentType attribute ${eContentType} (the eContentType), found ${ct.getValue()}`;
  }
  if (!signerInfo.signedAttrs) {
    result.signature.detail = 'expected signed attributes; the signature cannot bind the content without them';
    return result;
  }
  try {
    // With signatureAlgorithm rsaEncryption (what OpenSSL writes, RFC 3370 §3.2) the hash comes
    // from digestAlgorithm, as pkijs's own SignedData.verify does; otherwise from the signature OID.
    const ok = await engine.verifyWithPublicKey(
      signerInfo.signedAttrs.encodedValue,
      signerInfo.signature,
      cert.subjectPublicKeyInfo,
      signerInfo.signatureAlgorithm,
      signerInfo.signatureAlgorithm.algorithmId === RSA_ENCRYPTION ? digest.webcrypto : undefined,
    );
    result.signature.ok = ok;
    result.signature.detail = ok
      ? `signature (${signerInfo.signatureAlgorithm.algorithmId}) over the signed attributes verifies with the certificate key`
      : 'expected the signature over the signed attributes to verify with the certificate key; it does not';
  } catch (e) {
    result.signature.detail = `the signature could not be checked: ${(e as Error).message}`;
  }
  return result;
}

/**
 * Finds the certificate a SignerInfo names (issuerAndSerialNumber) among `candidates`.
 */
export function findSignerCertificate(signerInfo: pkijs.SignerInfo, candidates: pkijs.Certificate[]): pkijs.Certificate | undefined {
  const sid: unknown = signerInfo.sid;
  if (!(sid instanceof pkijs.IssuerAndSerialNumber)) return undefined;
  return candidates.find((c) => c.issuer.isEqual(sid.issuer) && c.serialNumber.isEqual(sid.serialNumber));
}

/** The DER of a pkijs certificate as it arrived (pkijs keeps the parsed TBS; re-encoding the whole is stable for DER input). */
export function certificateDer(cert: pkijs.Certificate): Uint8Array<ArrayBuffer> {
  return new Uint8Array(cert.toSchema(false).toBER(false));
}

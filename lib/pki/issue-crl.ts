import * as asn1js from 'asn1js';
import { engine, importSigningKey, parseCertificate, pkijs, toArrayBuffer, toBytes } from './crypto';

export interface RevokedEntry {
  /** Serial number of the revoked certificate, hex. */
  serialHex: string;
  revokedAt: Date;
}

export interface IssueCrlInput {
  /** DER of the CA that signs the CRL (keyUsage cRLSign). */
  caCertificate: Uint8Array;
  /** Its PKCS#8 DER private key. */
  caPrivateKey: Uint8Array;
  revoked: readonly RevokedEntry[];
  thisUpdate: Date;
  nextUpdate: Date;
  /** cRLNumber (RFC 5280 §5.2.3): must grow with every CRL the CA issues. */
  crlNumber: bigint;
}

/** id-ce-cRLNumber, RFC 5280 §5.2.3. */
const CRL_NUMBER = '2.5.29.20';
/** id-ce-authorityKeyIdentifier, RFC 5280 §5.2.1. */
const AUTHORITY_KEY_ID = '2.5.29.35';
/** id-ce-subjectKeyIdentifier, RFC 5280 §4.2.1.2. */
const SUBJECT_KEY_ID = '2.5.29.14';

/** RFC 5280 times have one-second resolution. */
const wholeSecond = (d: Date): Date => new Date(Math.floor(d.getTime() / 1000) * 1000);

/**
 * A version 2 X.509 CRL (RFC 5280 §5) signed by the CA with ECDSA/SHA-256 (or RSA, as its key is):
 * the revoked serials with their revocation dates, authorityKeyIdentifier (required, §5.2.1) and
 * cRLNumber (required, §5.2.3). Built with pkijs; returned as DER.
 */
export async function issueCrl(input: IssueCrlInput): Promise<Uint8Array> {
  const ca = parseCertificate(input.caCertificate, 'CA certificate');
  const crl = new pkijs.CertificateRevocationList();
  crl.version = 1; // v2
  crl.issuer = ca.subject;
  crl.thisUpdate = new pkijs.Time({ type: 0, value: wholeSecond(input.thisUpdate) });
  crl.nextUpdate = new pkijs.Time({ type: 0, value: wholeSecond(input.nextUpdate) });
  if (input.revoked.length > 0) {
    crl.revokedCertificates = input.revoked.map(
      (r) =>
        new pkijs.RevokedCertificate({
          userCertificate: new asn1js.Integer({ valueHex: toArrayBuffer(Buffer.from(r.serialHex, 'hex')) }),
          revocationDate: new pkijs.Time({ type: 0, value: wholeSecond(r.revokedAt) }),
        }),
    );
  }
  const ski = ca.extensions?.find((e) => e.extnID === SUBJECT_KEY_ID);
  const keyId = ski ? asn1js.fromBER(ski.extnValue.getValue()).result : undefined;
  const extensions: pkijs.Extension[] = [new pkijs.Extension({ extnID: CRL_NUMBER, critical: false, extnValue: integerDer(input.crlNumber) })];
  if (keyId instanceof asn1js.OctetString) {
    const aki = new pkijs.AuthorityKeyIdentifier({ keyIdentifier: new asn1js.OctetString({ valueHex: keyId.valueBlock.valueHexView }) });
    extensions.push(new pkijs.Extension({ extnID: AUTHORITY_KEY_ID, critical: false, extnValue: aki.toSchema().toBER(false) }));
  }
  crl.crlExtensions = new pkijs.Extensions({ extensions });
  const key = await importSigningKey(input.caPrivateKey);
  await crl.sign(key, 'SHA-256', engine);
  return toBytes(crl.toSchema(true).toBER(false));
}

/** DER INTEGER of a non-negative bigint (two's complement, leading zero when the top bit is set). */
function integerDer(value: bigint): ArrayBuffer {
  let hexText = value.toString(16);
  if (hexText.length % 2) hexText = `0${hexText}`;
  if (/^[89a-f]/.test(hexText)) hexText = `00${hexText}`;
  return new asn1js.Integer({ valueHex: toArrayBuffer(Buffer.from(hexText, 'hex')) }).toBER(false);
}

import * as asn1js from 'asn1js';
import { createPrivateKey } from 'node:crypto';
import { bytesEqual, certificateMatchesKey, engine, keyAlgorithmOf, parseCertificate, pkijs, subjectOf } from './crypto';
import { OID } from './oids';
import { decodePem } from './pem';
import { PkiError } from './pki-errors';
import { certificateDer } from './signed-data';

/** A signing identity ready for countersign(): certificate, chain and key, all checked. */
export interface SigningIdentity {
  /** DER certificate that certifies `privateKey`. */
  certificate: Uint8Array;
  /** DER issuers, nearest first, ending with the trust anchor (pass as countersign's `chain`). */
  chain: Uint8Array[];
  /** PKCS#8 DER private key (unencrypted: encrypt with encryptPrivateKey before storing). */
  privateKey: Uint8Array;
  subject: string;
  notBefore: Date;
  notAfter: Date;
}

export interface ImportChainInput {
  /** PEM text with the certificate and its issuers (any order; "fullchain.pem" style). */
  pem: string;
  /** The private key: PKCS#8 DER bytes, or PEM ("PRIVATE KEY", "EC PRIVATE KEY", "RSA PRIVATE KEY"). */
  privateKey: Uint8Array | string;
  /** DER roots to trust besides any self-signed root in the chain itself. */
  trustedRoots?: Uint8Array[];
  /** When the chain must be valid (the injected clock's now). */
  now: Date;
}

/** Reads a private key from PKCS#8 DER or unencrypted PEM into PKCS#8 DER. */
export function normalizePrivateKey(key: Uint8Array | string): Uint8Array {
  try {
    const k =
      typeof key === 'string' ? createPrivateKey({ key, format: 'pem' }) : createPrivateKey({ key: Buffer.from(key), format: 'der', type: 'pkcs8' });
    return new Uint8Array(k.export({ format: 'der', type: 'pkcs8' }));
  } catch (e) {
    const what = typeof key === 'string' ? `PEM text of ${key.length} characters` : `${key.byteLength} bytes`;
    throw new PkiError('MALFORMED_PEM', `expected an unencrypted private key (PKCS#8 DER or PEM); ${what} did not parse: ${(e as Error).message}`, {
      cause: e,
    });
  }
}

const isSelfSigned = (c: pkijs.Certificate) => c.subject.isEqual(c.issuer);

/**
 * Checks a certificate set and key as a signing identity at `now`, in this order:
 *
 * 1. CHAIN_KEY_MISMATCH unless one certificate certifies the key (that one is the leaf);
 * 2. CERT_KEY_USAGE unless the leaf's keyUsage allows digitalSignature or nonRepudiation
 *    (RFC 5280 §4.2.1.3; absent keyUsage allows everything), or when the leaf is a CA;
 * 3. CERT_NOT_YET_VALID / CERT_EXPIRED for the leaf at `now`;
 * 4. CHAIN_UNTRUSTED unless RFC 5280 path validation (pkijs) reaches one of `trustedRoots` or a
 *    self-signed certificate given in the set, every certificate valid at `now`;
 * 5. KEY_ALGORITHM_UNSUPPORTED unless the key is one countersign() can use.
 *
 * Shared by importChain (PEM) and importPkcs12.
 */
export async function checkSigningIdentity(
  certificates: Uint8Array[],
  privateKey: Uint8Array,
  trustedRoots: Uint8Array[],
  now: Date,
): Promise<SigningIdentity> {
  const certs = certificates.map((der, i) => ({ der, cert: parseCertificate(der, `certificate #${i + 1}`) }));
  const leaf = certs.find((c) => certificateMatchesKey(c.cert, privateKey));
  if (!leaf) {
    const subjects = certs.map((c) => `"${subjectOf(c.cert)}"`).join(', ');
    throw new PkiError('CHAIN_KEY_MISMATCH', `expected one of the ${certs.length} certificates to certify the given private key; none does (${subjects})`);
  }
  const subject = subjectOf(leaf.cert);

  const ku = leaf.cert.extensions?.find((e) => e.extnID === OID.keyUsage);
  const kuBits = (ku?.parsedValue as asn1js.BitString | undefined)?.valueBlock.valueHexView[0] ?? 0;
  if (ku && (kuBits & 0xc0) === 0) {
    throw new PkiError('CERT_KEY_USAGE', `expected keyUsage digitalSignature or nonRepudiation on "${subject}", found neither`);
  }
  const bc = leaf.cert.extensions?.find((e) => e.extnID === OID.basicConstraints)?.parsedValue as pkijs.BasicConstraints | undefined;
  if (bc?.cA) throw new PkiError('CERT_KEY_USAGE', `expected an end-entity signing certificate, "${subject}" is a CA certificate (basicConstraints cA)`);

  const notBefore = leaf.cert.notBefore.value;
  const notAfter = leaf.cert.notAfter.value;
  if (now < notBefore) throw new PkiError('CERT_NOT_YET_VALID', `expected a certificate valid at ${now.toISOString()}; "${subject}" is valid only from ${notBefore.toISOString()}`);
  if (now > notAfter) throw new PkiError('CERT_EXPIRED', `expected a certificate valid at ${now.toISOString()}; "${subject}" expired at ${notAfter.toISOString()}`);

  const anchors = [
    ...trustedRoots.map((der, i) => parseCertificate(der, `trusted root #${i + 1}`)),
    ...certs.filter((c) => c !== leaf && isSelfSigned(c.cert)).map((c) => c.cert),
  ];
  if (anchors.length === 0) {
    throw new PkiError('CHAIN_UNTRUSTED', `expected the chain of "${subject}" to end at a trusted root or a self-signed root in the chain; it contains no root and none is trusted`);
  }
  const anchorDers = anchors.map(certificateDer);
  const intermediates = certs.filter((c) => c !== leaf && !anchorDers.some((a) => bytesEqual(a, certificateDer(c.cert)))).map((c) => c.cert);
  const validation = new pkijs.CertificateChainValidationEngine({ trustedCerts: anchors, certs: [...intermediates, leaf.cert], checkDate: now });
  let path: pkijs.Certificate[];
  try {
    const result = await validation.verify({}, engine);
    if (!result.result) throw new Error(result.resultMessage);
    path = result.certificatePath ?? [];
  } catch (e) {
    const err = e as { resultMessage?: string; message?: string };
    throw new PkiError(
      'CHAIN_UNTRUSTED',
      `expected "${subject}" to chain to a trusted root valid at ${now.toISOString()}; path validation failed: ${err.resultMessage ?? err.message ?? String(e)}`,
      { cause: e },
    );
  }
  keyAlgorithmOf(privateKey);
  // certificatePath runs leaf → anchor; the chain for countersign is everything above the leaf.
  const chain = path.slice(1).map(certificateDer);
  return { certificate: leaf.der, chain, privateKey, subject, notBefore, notAfter };
}

/**
 * Imports an organisation signing certificate issued by an external CA: a PEM chain plus the key
 * (e.g. the one createCsr made). Refuses with MALFORMED_PEM when the text holds no certificates,
 * a block that is not a CERTIFICATE, or a certificate that does not parse; then checks as
 * {@link checkSigningIdentity}.
 */
export async function importChain(input: ImportChainInput): Promise<SigningIdentity> {
  const blocks = decodePem(input.pem, 'certificates');
  const other = blocks.filter((b) => b.label !== 'CERTIFICATE').map((b) => b.label);
  if (other.length > 0) {
    throw new PkiError('MALFORMED_PEM', `expected only CERTIFICATE blocks in the chain, found ${other.join(', ')} (give the private key separately)`);
  }
  const privateKey = normalizePrivateKey(input.privateKey);
  return checkSigningIdentity(
    blocks.map((b) => b.der),
    privateKey,
    input.trustedRoots ?? [],
    input.now,
  );
}

// The Reflect polyfill must be evaluated before @peculiar/x509 (its tsyringe container needs it);
// ES modules evaluate imports in order, so this line stays first.
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { createHash, createPrivateKey, createPublicKey, timingSafeEqual, webcrypto } from 'node:crypto';
import * as pkijs from 'pkijs';
import { PkiError } from './pki-errors';

/**
 * The crypto plumbing shared by lib/pki: one WebCrypto (Node's), handed explicitly to pkijs and to
 * @peculiar/x509, plus small byte helpers.
 *
 * pkijs 4 and @peculiar/x509 2 pin different asn1js majors (4 and 3), so objects never cross between
 * them: only DER bytes do (`x509Cert.rawData` → `pkijs.Certificate.fromBER`).
 */

/** Node's WebCrypto typed as the DOM `Crypto` both libraries expect. */
export const nodeCrypto = webcrypto as unknown as Crypto;

x509.cryptoProvider.set(nodeCrypto);

/** The pkijs crypto engine over Node's WebCrypto; passed to every pkijs sign/verify call. */
export const engine = new pkijs.CryptoEngine({ name: 'node-webcrypto', crypto: nodeCrypto });

export { x509, pkijs };

/** A fresh ArrayBuffer holding exactly these bytes (pkijs and WebCrypto want ArrayBuffer, not a view). */
export function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  const out = new ArrayBuffer(bytes.byteLength);
  new Uint8Array(out).set(bytes);
  return out;
}

/** Copies any BufferSource into a standalone Uint8Array. */
export function toBytes(source: ArrayBuffer | ArrayBufferView): Uint8Array<ArrayBuffer> {
  if (source instanceof ArrayBuffer) return new Uint8Array(source.slice(0));
  const view = new Uint8Array(source.buffer, source.byteOffset, source.byteLength);
  return new Uint8Array(view);
}

export function sha256(data: Uint8Array | ArrayBuffer): Uint8Array<ArrayBuffer> {
  return new Uint8Array(createHash('sha256').update(data instanceof ArrayBuffer ? new Uint8Array(data) : data).digest());
}

export function bytesEqual(a: Uint8Array | ArrayBuffer, b: Uint8Array | ArrayBuffer): boolean {
  const x = a instanceof ArrayBuffer ? new Uint8Array(a) : a;
  const y = b instanceof ArrayBuffer ? new Uint8Array(b) : b;
  return x.byteLength === y.byteLength && timingSafeEqual(x, y);
}

export const hex = (bytes: Uint8Array | ArrayBuffer): string =>
  Buffer.from(bytes instanceof ArrayBuffer ? new Uint8Array(bytes) : bytes).toString('hex');

/** Parses a DER certificate with pkijs; throws MALFORMED_PEM naming `what` when it is not one. */
export function parseCertificate(der: Uint8Array, what = 'certificate'): pkijs.Certificate {
  try {
    return pkijs.Certificate.fromBER(toArrayBuffer(der));
  } catch (e) {
    throw new PkiError('MALFORMED_PEM', `expected a DER X.509 ${what}; ${der.byteLength} bytes did not parse: ${(e as Error).message}`, {
      cause: e,
    });
  }
}

/** How a PKCS#8 key is imported into WebCrypto and which signature algorithm it makes. */
export interface KeyAlgorithm {
  import: EcKeyImportParams | RsaHashedImportParams;
  sign: EcdsaParams | Algorithm;
  /** Human name for messages: "ECDSA P-256", "RSA 3072". */
  label: string;
}

const CURVES: Record<string, 'P-256' | 'P-384' | 'P-521'> = { prime256v1: 'P-256', secp384r1: 'P-384', secp521r1: 'P-521' };

/**
 * Which WebCrypto algorithm a PKCS#8 private key belongs to. Signet signs with ECDSA (P-256 by
 * default, P-384/P-521 for imported keys) or RSASSA-PKCS1-v1_5, always with SHA-256.
 */
export function keyAlgorithmOf(pkcs8: Uint8Array): KeyAlgorithm {
  let key;
  try {
    key = createPrivateKey({ key: Buffer.from(pkcs8), format: 'der', type: 'pkcs8' });
  } catch (e) {
    throw new PkiError('MALFORMED_PEM', `expected a PKCS#8 DER private key; ${pkcs8.byteLength} bytes did not parse: ${(e as Error).message}`, {
      cause: e,
    });
  }
  if (key.asymmetricKeyType === 'ec') {
    const curve = CURVES[key.asymmetricKeyDetails?.namedCurve ?? ''];
    if (!curve) {
      throw new PkiError(
        'KEY_ALGORITHM_UNSUPPORTED',
        `expected an EC key on P-256, P-384 or P-521; the key is on ${String(key.asymmetricKeyDetails?.namedCurve)}`,
      );
    }
    return { import: { name: 'ECDSA', namedCurve: curve }, sign: { name: 'ECDSA', hash: 'SHA-256' } as EcdsaParams, label: `ECDSA ${curve}` };
  }
  if (key.asymmetricKeyType === 'rsa') {
    return {
      import: { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' },
      sign: { name: 'RSASSA-PKCS1-v1_5' },
      label: `RSA ${String(key.asymmetricKeyDetails?.modulusLength)}`,
    };
  }
  throw new PkiError('KEY_ALGORITHM_UNSUPPORTED', `expected an ECDSA or RSA private key; the key is ${String(key.asymmetricKeyType)}`);
}

/** Imports a PKCS#8 DER private key as a non-extractable WebCrypto signing key. */
export async function importSigningKey(pkcs8: Uint8Array): Promise<CryptoKey> {
  const alg = keyAlgorithmOf(pkcs8);
  return nodeCrypto.subtle.importKey('pkcs8', toArrayBuffer(pkcs8), alg.import, false, ['sign']);
}

/** The DER SubjectPublicKeyInfo that belongs to a PKCS#8 private key. */
export function publicKeyInfoOf(pkcs8: Uint8Array): Uint8Array {
  const priv = createPrivateKey({ key: Buffer.from(pkcs8), format: 'der', type: 'pkcs8' });
  return new Uint8Array(createPublicKey(priv).export({ format: 'der', type: 'spki' }));
}

/** The DER SubjectPublicKeyInfo a certificate certifies. */
export function certificatePublicKeyInfo(cert: pkijs.Certificate): Uint8Array {
  return new Uint8Array(cert.subjectPublicKeyInfo.toSchema().toBER(false));
}

/**
 * Whether a certificate certifies the key: both SubjectPublicKeyInfos are compared after a round
 * trip through node:crypto, so equivalent encodings (e.g. compressed vs uncompressed EC points)
 * compare equal.
 */
export function certificateMatchesKey(cert: pkijs.Certificate, pkcs8: Uint8Array): boolean {
  const fromKey = publicKeyInfoOf(pkcs8);
  let fromCert: Uint8Array;
  try {
    fromCert = new Uint8Array(
      createPublicKey({ key: Buffer.from(certificatePublicKeyInfo(cert)), format: 'der', type: 'spki' }).export({ format: 'der', type: 'spki' }),
    );
  } catch {
    return false;
  }
  return bytesEqual(fromKey, fromCert);
}

/** The subject of a pkijs certificate as "CN=…, O=…" for messages and reports. */
export function subjectOf(cert: pkijs.Certificate): string {
  return new x509.X509Certificate(toArrayBuffer(new Uint8Array(cert.toSchema().toBER(false)))).subject;
}

/** Random positive serial number (RFC 5280 §4.1.2.2: at most 20 octets, positive), as hex. */
export function randomSerialHex(bytes: Uint8Array): string {
  const copy = new Uint8Array(bytes);
  copy[0] = (copy[0] ?? 0) & 0x7f; // positive
  if (copy[0] === 0) copy[0] = 0x01; // no leading zero octet, so the INTEGER keeps its length
  return hex(copy);
}

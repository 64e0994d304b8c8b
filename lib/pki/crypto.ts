import { createPrivateKey, createPublicKey } from 'node:crypto';
import { bytesEqual, hex, toArrayBuffer, webCrypto, type pkijs } from './crypto-core';
import { PkiError } from './pki-errors';

/**
 * The signing side of lib/pki's crypto plumbing (PKCS#8 private keys through node:crypto), on top of
 * crypto-core.ts, which the browser verifier shares and which this module re-exports.
 */
export * from './crypto-core';

/** Node's WebCrypto (the same object as globalThis.crypto), typed as the DOM `Crypto`. */
export const nodeCrypto: Crypto = webCrypto;

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

/** Random positive serial number (RFC 5280 §4.1.2.2: at most 20 octets, positive), as hex. */
export function randomSerialHex(bytes: Uint8Array): string {
  const copy = new Uint8Array(bytes);
  copy[0] = (copy[0] ?? 0) & 0x7f; // positive
  if (copy[0] === 0) copy[0] = 0x01; // no leading zero octet, so the INTEGER keeps its length
  return hex(copy);
}

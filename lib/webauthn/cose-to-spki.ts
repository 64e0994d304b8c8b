import { createPublicKey, type JsonWebKey } from 'node:crypto';
import {
  cose,
  decodeCredentialPublicKey,
  isoBase64URL,
} from '@simplewebauthn/server/helpers';
import { AppError } from '../errors';

export interface SpkiKey {
  /** DER SubjectPublicKeyInfo, what openssl and every crypto library import. */
  spki: Uint8Array<ArrayBuffer>;
  /** COSE algorithm identifier from the key (RFC 9053 §2 / IANA COSE registry). */
  algorithm: number;
}

/** COSE EC2 curve identifiers (RFC 9053 §7.1) to JWK curve names. */
const EC2_CURVES: Record<number, string> = { 1: 'P-256', 2: 'P-384', 3: 'P-521' };

/** ECDSA COSE algorithms fix their curve (RFC 9053 §2.1): ES256 → P-256, ES384 → P-384, ES512 → P-521. */
const ECDSA_CURVE_FOR_ALG: Record<number, number> = { [-7]: 1, [-35]: 2, [-36]: 3 };
const ECDSA_NAMES: Record<number, string> = { [-7]: 'ES256', [-35]: 'ES384', [-36]: 'ES512' };

/**
 * Converts a credential's COSE_Key (decoded by SimpleWebAuthn's CBOR) into DER SPKI via a JWK, so
 * outside verifiers get a standard key encoding instead of CBOR.
 */
export function coseToSpki(coseKey: Uint8Array<ArrayBuffer>): SpkiKey {
  const key = decodeCredentialPublicKey(coseKey);
  const algorithm = key.get(cose.COSEKEYS.alg);
  if (algorithm === undefined) throw new AppError('UNSUPPORTED_ALGORITHM', 'expected a COSE key with an alg parameter, got none');
  const b64 = (u: Uint8Array<ArrayBuffer> | undefined): string => {
    if (!u) throw new AppError('UNSUPPORTED_ALGORITHM', 'expected a complete COSE public key, a coordinate is missing');
    return isoBase64URL.fromBuffer(u);
  };
  let jwk: JsonWebKey;
  if (cose.isCOSEPublicKeyEC2(key)) {
    const crvId = key.get(cose.COSEKEYS.crv) ?? -1;
    const crv = EC2_CURVES[crvId];
    if (!crv) throw new AppError('UNSUPPORTED_ALGORITHM', `expected an EC2 key on P-256/384/521, got curve ${String(key.get(cose.COSEKEYS.crv))}`);
    const expectedCrv = ECDSA_CURVE_FOR_ALG[algorithm];
    if (expectedCrv === undefined) {
      throw new AppError('UNSUPPORTED_ALGORITHM', `expected an EC2 key with alg ES256 (-7), ES384 (-35) or ES512 (-36), got alg ${algorithm}`);
    }
    if (expectedCrv !== crvId) {
      throw new AppError(
        'UNSUPPORTED_ALGORITHM',
        `expected ${ECDSA_NAMES[algorithm] ?? algorithm} on ${EC2_CURVES[expectedCrv] ?? expectedCrv}, got a key on ${crv}`,
      );
    }
    jwk = { kty: 'EC', crv, x: b64(key.get(cose.COSEKEYS.x)), y: b64(key.get(cose.COSEKEYS.y)) };
  } else if (cose.isCOSEPublicKeyOKP(key)) {
    if (key.get(cose.COSEKEYS.crv) !== 6) {
      throw new AppError('UNSUPPORTED_ALGORITHM', `expected an OKP key on Ed25519 (crv 6), got curve ${String(key.get(cose.COSEKEYS.crv))}`);
    }
    jwk = { kty: 'OKP', crv: 'Ed25519', x: b64(key.get(cose.COSEKEYS.x)) };
  } else if (cose.isCOSEPublicKeyRSA(key)) {
    jwk = { kty: 'RSA', n: b64(key.get(cose.COSEKEYS.n)), e: b64(key.get(cose.COSEKEYS.e)) };
  } else {
    throw new AppError('UNSUPPORTED_ALGORITHM', `expected an EC2, OKP or RSA COSE key, got kty ${String(key.get(cose.COSEKEYS.kty))}`);
  }
  const spki = createPublicKey({ key: jwk, format: 'jwk' }).export({ type: 'spki', format: 'der' });
  return { spki: new Uint8Array(spki), algorithm };
}

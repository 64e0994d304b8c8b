// The Reflect polyfill must be evaluated before @peculiar/x509 (its tsyringe container needs it);
// ES modules evaluate imports in order, so this line stays first.
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import * as pkijs from 'pkijs';
import { toHex } from '../encoding';
import { sha256 as sha256Of } from '../hash';
import { PkiError } from './pki-errors';

/**
 * The crypto plumbing lib/pki shares with the browser verifier (/verify): one WebCrypto, the
 * platform's own (globalThis.crypto is Node's webcrypto in Node ≥ 19 and the page's in a browser),
 * handed explicitly to pkijs and to @peculiar/x509, plus small byte helpers. Nothing here may use
 * node:* or Buffer; the signing side (private keys) lives in crypto.ts.
 *
 * pkijs 4 and @peculiar/x509 2 pin different asn1js majors (4 and 3), so objects never cross between
 * them: only DER bytes do (`x509Cert.rawData` → `pkijs.Certificate.fromBER`).
 */

export const webCrypto: Crypto = globalThis.crypto;

x509.cryptoProvider.set(webCrypto);

/** The pkijs crypto engine over the platform's WebCrypto; passed to every pkijs sign/verify call. */
export const engine = new pkijs.CryptoEngine({ name: 'webcrypto', crypto: webCrypto });

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
  return sha256Of(data instanceof ArrayBuffer ? new Uint8Array(data) : data);
}

export function bytesEqual(a: Uint8Array | ArrayBuffer, b: Uint8Array | ArrayBuffer): boolean {
  const x = a instanceof ArrayBuffer ? new Uint8Array(a) : a;
  const y = b instanceof ArrayBuffer ? new Uint8Array(b) : b;
  if (x.byteLength !== y.byteLength) return false;
  // Constant time over the length, as timingSafeEqual was: the inputs may be secret digests.
  let diff = 0;
  for (let i = 0; i < x.byteLength; i += 1) diff |= (x[i] ?? 0) ^ (y[i] ?? 0);
  return diff === 0;
}

export const hex = (bytes: Uint8Array | ArrayBuffer): string => toHex(bytes instanceof ArrayBuffer ? new Uint8Array(bytes) : bytes);

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

/** The subject of a pkijs certificate as "CN=…, O=…" for messages and reports. */
export function subjectOf(cert: pkijs.Certificate): string {
  return new x509.X509Certificate(toArrayBuffer(new Uint8Array(cert.toSchema().toBER(false)))).subject;
}

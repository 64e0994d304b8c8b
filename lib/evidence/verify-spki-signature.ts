import * as asn1js from 'asn1js';

/**
 * Verifies a WebAuthn assertion signature with WebCrypto, which exists the same in Node (≥ 19) and in
 * the browser, so `npm run verify` and /verify run this one function. The key is the bundle's DER
 * SubjectPublicKeyInfo; `alg` is its COSE algorithm (RFC 9053, RFC 8812; WebAuthn §6.5.6).
 */
export async function verifySpkiSignature(alg: number, spki: Uint8Array, data: Uint8Array, signature: Uint8Array): Promise<boolean> {
  const scheme = SCHEMES[alg];
  if (!scheme) throw new Error(`unsupported COSE algorithm ${alg}`);
  let key: CryptoKey;
  try {
    key = await crypto.subtle.importKey('spki', copy(spki), scheme.key, false, ['verify']);
  } catch (e) {
    throw new Error(`expected a ${scheme.label} public key for COSE algorithm ${alg}, the key does not import as one (${(e as Error).message})`);
  }
  // WebAuthn §6.5.6: ECDSA signatures are ASN.1 DER Ecdsa-Sig-Value; WebCrypto takes r ‖ s.
  const sig = scheme.curveBytes ? derToRaw(signature, scheme.curveBytes) : copy(signature);
  if (!sig) return false;
  return crypto.subtle.verify(scheme.verify, key, sig, copy(data));
}

interface Scheme {
  key: AlgorithmIdentifier | EcKeyImportParams | RsaHashedImportParams;
  verify: AlgorithmIdentifier | EcdsaParams | RsaPssParams;
  label: string;
  /** Field size in bytes for ECDSA, whose DER signature is converted to r ‖ s. */
  curveBytes?: number;
}

const SCHEMES: Record<number, Scheme> = {
  [-7]: { key: { name: 'ECDSA', namedCurve: 'P-256' }, verify: { name: 'ECDSA', hash: 'SHA-256' }, label: 'ECDSA P-256', curveBytes: 32 },
  [-35]: { key: { name: 'ECDSA', namedCurve: 'P-384' }, verify: { name: 'ECDSA', hash: 'SHA-384' }, label: 'ECDSA P-384', curveBytes: 48 },
  [-36]: { key: { name: 'ECDSA', namedCurve: 'P-521' }, verify: { name: 'ECDSA', hash: 'SHA-512' }, label: 'ECDSA P-521', curveBytes: 66 },
  [-8]: { key: { name: 'Ed25519' }, verify: { name: 'Ed25519' }, label: 'Ed25519' },
  [-257]: { key: { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, verify: { name: 'RSASSA-PKCS1-v1_5' }, label: 'RSA (PKCS#1 v1.5, SHA-256)' },
  [-37]: { key: { name: 'RSA-PSS', hash: 'SHA-256' }, verify: { name: 'RSA-PSS', saltLength: 32 }, label: 'RSA-PSS (SHA-256)' },
};

/** Ecdsa-Sig-Value ::= SEQUENCE { r INTEGER, s INTEGER } (RFC 3279 §2.2.3) → r ‖ s, each left-padded. */
function derToRaw(der: Uint8Array, size: number): ArrayBuffer | undefined {
  const parsed = asn1js.fromBER(copy(der));
  if (parsed.offset !== der.byteLength || !(parsed.result instanceof asn1js.Sequence)) return undefined;
  const parts = parsed.result.valueBlock.value;
  if (parts.length !== 2 || !parts.every((p) => p instanceof asn1js.Integer)) return undefined;
  const out = new Uint8Array(size * 2);
  for (const [i, part] of (parts as asn1js.Integer[]).entries()) {
    let bytes = part.valueBlock.valueHexView;
    while (bytes.length > size && bytes[0] === 0) bytes = bytes.subarray(1);
    if (bytes.length > size) return undefined;
    out.set(bytes, size * (i + 1) - bytes.length);
  }
  return out.buffer;
}

const copy = (bytes: Uint8Array): ArrayBuffer => new Uint8Array(bytes).buffer;

import { generateKeyPairSync, createPublicKey } from 'node:crypto';
import { isoBase64URL, isoCBOR } from '@simplewebauthn/server/helpers';
import { describe, expect, it } from 'vitest';
import { coseToSpki } from './cose-to-spki';

const CURVES = { 'P-256': 1, 'P-384': 2, 'P-521': 3 } as const;

/** A COSE_Key (RFC 9052 §7) for a freshly generated EC key, with the alg label chosen by the test. */
function ec2Key(curve: keyof typeof CURVES, alg: number): { cose: Uint8Array<ArrayBuffer>; spki: Buffer } {
  const { publicKey } = generateKeyPairSync('ec', { namedCurve: curve });
  const jwk = publicKey.export({ format: 'jwk' });
  const map = new Map<number, number | Uint8Array>([
    [1, 2],
    [3, alg],
    [-1, CURVES[curve]],
    [-2, isoBase64URL.toBuffer(jwk.x ?? '')],
    [-3, isoBase64URL.toBuffer(jwk.y ?? '')],
  ]);
  return { cose: isoCBOR.encode(map) as Uint8Array<ArrayBuffer>, spki: publicKey.export({ type: 'spki', format: 'der' }) };
}

describe('coseToSpki', () => {
  it.each([
    ['P-256', -7],
    ['P-384', -35],
    ['P-521', -36],
  ] as const)('converts an EC2 key on %s with its own algorithm to the same SPKI', (curve, alg) => {
    const key = ec2Key(curve, alg);
    const out = coseToSpki(key.cose);
    expect(out.algorithm).toBe(alg);
    expect(Buffer.from(out.spki).equals(key.spki)).toBe(true);
    expect(createPublicKey({ key: Buffer.from(out.spki), format: 'der', type: 'spki' }).asymmetricKeyDetails?.namedCurve).toBeTruthy();
  });

  it('refuses ES256 declared on a P-384 key (the algorithm fixes the curve)', () => {
    expect(() => coseToSpki(ec2Key('P-384', -7).cose)).toThrow(/expected ES256 on P-256, got a key on P-384/);
  });

  it('refuses ES384 declared on a P-256 key', () => {
    expect(() => coseToSpki(ec2Key('P-256', -35).cose)).toThrow(/expected ES384 on P-384, got a key on P-256/);
  });

  it('refuses an EC2 key whose alg is not ECDSA', () => {
    expect(() => coseToSpki(ec2Key('P-256', -257).cose)).toThrow(/expected an EC2 key with alg ES256/);
  });
});

import { describe, expect, it } from 'vitest';
import { decodeAttestationObject, isoBase64URL, parseAuthenticatorData } from '@simplewebauthn/server/helpers';
import type { AuthenticationResponseJSON } from '@simplewebauthn/server';
import { SoftAuthenticator, type CeremonyOverrides } from '@/test/support/soft-authenticator';
import { coseToSpki } from './cose-to-spki';
import { verifyAssertion, type StoredCredential } from './verify-assertion';

const expected = { challenge: 'c2lnbmV0LXRlc3QtY2hhbGxlbmdl', origin: 'https://signet.example', rpId: 'signet.example' };

function passkey(): { auth: SoftAuthenticator; credential: StoredCredential } {
  const auth = new SoftAuthenticator({ origin: expected.origin, rpId: expected.rpId });
  const reg = auth.register('cmVnaXN0cmF0aW9u');
  const authData = decodeAttestationObject(isoBase64URL.toBuffer(reg.response.attestationObject)).get('authData');
  const cose = parseAuthenticatorData(authData).credentialPublicKey;
  if (!cose) throw new Error('expected the registration to carry a public key');
  const { spki, algorithm } = coseToSpki(cose);
  return { auth, credential: { id: auth.id, publicKeyCose: isoBase64URL.fromBuffer(cose), publicKeySpki: isoBase64URL.fromBuffer(spki), algorithm, counter: 0 } };
}

/** The library path for the same key: any algorithm other than ES256 goes to SimpleWebAuthn. */
const viaLibrary = (c: StoredCredential): StoredCredential => ({ ...c, algorithm: -8 });

const tamper = (r: AuthenticationResponseJSON): AuthenticationResponseJSON => {
  const sig = Buffer.from(r.response.signature, 'base64url');
  sig[sig.length - 1] = (sig[sig.length - 1] as number) ^ 1;
  return { ...r, response: { ...r.response, signature: sig.toString('base64url') } };
};

describe('verifyAssertion', () => {
  it('accepts an ES256 assertion with node:crypto and answers what SimpleWebAuthn answers', async () => {
    const { auth, credential } = passkey();
    expect(credential.algorithm).toBe(-7);
    const response = auth.assert(expected.challenge, { counter: 7 });
    const fast = await verifyAssertion(response, credential, expected);
    const library = await verifyAssertion(response, viaLibrary(credential), expected);
    expect(fast).toEqual({ newCounter: 7, userVerified: true, credentialBackedUp: false });
    expect(fast).toEqual(library);
  });

  const refusals: [string, CeremonyOverrides | 'tampered' | 'counter', RegExp][] = [
    ['a signature that does not verify', 'tampered', /signature|verif/i],
    ['an assertion over another challenge', { challenge: 'b3RoZXI' }, /challenge/],
    ['an assertion from another origin', { origin: 'https://evil.example' }, /origin/],
    ['an assertion for another RP ID', { rpId: 'evil.example' }, /RP ID/],
    ['an assertion without user verification', { userVerified: false }, /User verification required/],
    ['an assertion without user presence', { userPresent: false }, /User not present/],
    ['a registration response type', { type: 'webauthn.create' }, /type/],
    ['a counter that went backwards', 'counter', /counter/],
  ];
  for (const [name, bad, message] of refusals) {
    it(`refuses ${name} on both paths`, async () => {
      const { auth, credential } = passkey();
      const stored = bad === 'counter' ? { ...credential, counter: 10 } : credential;
      const base = auth.assert(expected.challenge, bad === 'counter' ? { counter: 3 } : typeof bad === 'object' ? bad : { counter: 1 });
      const response = bad === 'tampered' ? tamper(base) : base;
      await expect(verifyAssertion(response, stored, expected)).rejects.toThrow(message);
      await expect(verifyAssertion(response, viaLibrary(stored), expected)).rejects.toThrow();
    });
  }
});

import { createHash, createPublicKey, verify, type KeyObject } from 'node:crypto';
import { verifyAuthenticationResponse, type AuthenticationResponseJSON } from '@simplewebauthn/server';
import { decodeClientDataJSON, isoBase64URL, parseAuthenticatorData } from '@simplewebauthn/server/helpers';

/** COSE "ES256": ECDSA over P-256 with SHA-256 (RFC 9053 §2.1). */
const ES256 = -7;

/**
 * Parsed public keys by stored SPKI: parsing costs more CPU than the ECDSA verification itself
 * (docs/benchmarks.md), and a returning signer's key is used again. Bounded; the oldest goes first.
 */
const keys = new Map<string, KeyObject>();
const MAX_KEYS = 4096;

function publicKeyOf(spki: string): KeyObject {
  let key = keys.get(spki);
  if (!key) {
    key = createPublicKey({ key: Buffer.from(isoBase64URL.toBuffer(spki)), format: 'der', type: 'spki' });
    if (keys.size >= MAX_KEYS) keys.delete(keys.keys().next().value as string);
    keys.set(spki, key);
  }
  return key;
}

export interface StoredCredential {
  id: string;
  /** COSE_Key as registered (base64url). */
  publicKeyCose: string;
  /** DER SubjectPublicKeyInfo of the same key (base64url). */
  publicKeySpki: string;
  algorithm: number;
  counter: number;
}

export interface AssertionExpectations {
  challenge: string;
  origin: string;
  rpId: string;
}

export interface VerifiedAssertion {
  newCounter: number;
  userVerified: boolean;
  credentialBackedUp: boolean;
}

/**
 * Verifies an assertion (WebAuthn Level 3 §7.2) against a stored passkey, user verification
 * required. ES256 keys — what nearly every passkey is — are checked here with node:crypto against
 * the stored SPKI, after the same client-data and authenticator-data checks SimpleWebAuthn's
 * verifyAuthenticationResponse makes, in its order and with its messages; every other algorithm
 * goes through verifyAuthenticationResponse itself. Why: SimpleWebAuthn decodes the COSE key and
 * imports it through WebCrypto on every call, which costs more CPU than the whole rest of the
 * check; node:crypto verifies the DER ECDSA-Sig-Value WebAuthn sends (§6.5.6) as it is.
 * Throws an Error naming the failed check; the caller maps it to its error code.
 */
export async function verifyAssertion(response: AuthenticationResponseJSON, credential: StoredCredential, expected: AssertionExpectations): Promise<VerifiedAssertion> {
  if (credential.algorithm !== ES256) {
    const { verified, authenticationInfo: info } = await verifyAuthenticationResponse({
      response,
      expectedChallenge: expected.challenge,
      expectedOrigin: expected.origin,
      expectedRPID: expected.rpId,
      expectedType: 'webauthn.get',
      requireUserVerification: true,
      credential: { id: credential.id, publicKey: isoBase64URL.toBuffer(credential.publicKeyCose), counter: credential.counter },
    });
    if (!verified) throw new Error('the signature did not verify with the registered key');
    return { newCounter: info.newCounter, userVerified: info.userVerified, credentialBackedUp: info.credentialBackedUp };
  }
  const { id, rawId, type, response: r } = response;
  if (!id) throw new Error('Missing credential ID');
  if (id !== rawId) throw new Error('Credential ID was not base64url-encoded');
  if (type !== 'public-key') throw new Error(`Unexpected credential type ${String(type)}, expected "public-key"`);
  if (typeof r?.clientDataJSON !== 'string') throw new Error('Credential response clientDataJSON was not a string');
  const clientData = decodeClientDataJSON(r.clientDataJSON);
  if (clientData.type !== 'webauthn.get') throw new Error(`Unexpected authentication response type "${clientData.type}", expected "webauthn.get"`);
  if (clientData.challenge !== expected.challenge) throw new Error(`Unexpected authentication response challenge "${clientData.challenge}", expected "${expected.challenge}"`);
  // No cross-origin (iframe) embedding is allowed: Signet passes no expected top origin.
  if (clientData.crossOrigin && clientData.topOrigin) throw new Error(`Detected cross-origin authentication response from top origin of "${clientData.topOrigin}"`);
  if (!clientData.crossOrigin && clientData.topOrigin) throw new Error(`Unexpected top origin of "${clientData.topOrigin}" within a non-cross-origin authentication response`);
  if (clientData.origin !== expected.origin) throw new Error(`Unexpected authentication response origin "${clientData.origin}", expected "${expected.origin}"`);
  if (!isoBase64URL.isBase64URL(r.authenticatorData)) throw new Error('Credential response authenticatorData was not a base64url string');
  if (!isoBase64URL.isBase64URL(r.signature)) throw new Error('Credential response signature was not a base64url string');
  if (r.userHandle && typeof r.userHandle !== 'string') throw new Error('Credential response userHandle was not a string');
  const { tokenBinding } = clientData;
  if (tokenBinding) {
    if (typeof tokenBinding !== 'object') throw new Error('ClientDataJSON tokenBinding was not an object');
    if (!['present', 'supported', 'notSupported'].includes(tokenBinding.status)) throw new Error(`Unexpected tokenBinding status ${String(tokenBinding.status)}`);
  }
  const authData = isoBase64URL.toBuffer(r.authenticatorData);
  const { rpIdHash, flags, counter } = parseAuthenticatorData(authData);
  if (!createHash('sha256').update(expected.rpId).digest().equals(rpIdHash)) throw new Error(`Unexpected RP ID hash`);
  if (!flags.up) throw new Error('User not present during authentication');
  if (!flags.uv) throw new Error('User verification required, but user could not be verified');
  // §6.1.1: a counter of 0 on both sides means the authenticator does not count (synced passkeys).
  if ((counter > 0 || credential.counter > 0) && counter <= credential.counter) {
    throw new Error(`Response counter value ${counter} was lower than expected ${credential.counter}`);
  }
  // §6.1.3: BS (backed up) without BE (backup eligible) is an invalid combination.
  if (!flags.be && flags.bs) throw new Error('Single-device credential indicated that it was backed up, which should be impossible.');
  // §7.2 steps 20-21: the signature is over authenticatorData ‖ SHA-256(clientDataJSON).
  const clientDataHash = createHash('sha256').update(isoBase64URL.toBuffer(r.clientDataJSON)).digest();
  const key = publicKeyOf(credential.publicKeySpki);
  const signed = Buffer.concat([authData, clientDataHash]);
  let ok: boolean;
  try {
    ok = verify('sha256', signed, { key, dsaEncoding: 'der' }, isoBase64URL.toBuffer(r.signature));
  } catch (e) {
    throw new Error(`the signature is not a DER ECDSA-Sig-Value: ${(e as Error).message}`, { cause: e });
  }
  if (!ok) throw new Error('the signature did not verify with the registered key');
  return { newCounter: counter, userVerified: flags.uv, credentialBackedUp: flags.bs };
}

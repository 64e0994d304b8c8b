/**
 * The signed-note layer against golang.org/x/mod/sumdb/note's own test vectors (note_test.go:
 * TestNewVerifier, TestSign, TestOpen), so a note Signet signs opens in Go's sumdb tooling and the
 * other way round. The PeterNeumann key is a fixed test key published there.
 */
import { createPrivateKey, generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { rawEd25519PublicKey, signNote } from './sign-note';
import { MAX_SIGNATURES, openNote } from './signed-note';
import { formatVerifierKey, noteKeyId, parseVerifierKey } from './verifier-key';
import { caught } from './caught-ledger-error';
import { isLedgerError } from './ledger-error';

const PETER_VKEY = 'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW';
/** "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz": 0x01 ‖ Ed25519 seed. */
const PETER_SEED_B64 = 'AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz';
const ENOCH_VKEY = 'EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop';

const TEXT = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
const PETER_SIG = '— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n';
const ENOCH_SIG = '— EnochRoot rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5n2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1RvMc+QQ=\n';

/** The Go test key as a node:crypto KeyObject; a JWK private key carries its public half too. */
function peterPrivateKey() {
  const seed = Buffer.from(PETER_SEED_B64, 'base64').subarray(1);
  const publicKey = Buffer.from(PETER_VKEY.split('+')[2] as string, 'base64').subarray(1);
  return createPrivateKey({ format: 'jwk', key: { kty: 'OKP', crv: 'Ed25519', d: seed.toString('base64url'), x: publicKey.toString('base64url') } });
}

describe('verifier keys', () => {
  it('reads the sumdb test key and derives the same key ID from its name and public key', () => {
    const key = parseVerifierKey(PETER_VKEY);
    expect(key.name).toBe('PeterNeumann');
    expect(key.keyId).toBe(0xc74f20a3);
    expect(formatVerifierKey('PeterNeumann', key.publicKey)).toBe(PETER_VKEY);
    expect(formatVerifierKey('EnochRoot', parseVerifierKey(ENOCH_VKEY).publicKey)).toBe(ENOCH_VKEY);
  });

  it('formats the same verifier key from the private key that signs', () => {
    expect(formatVerifierKey('PeterNeumann', rawEd25519PublicKey(peterPrivateKey()))).toBe(PETER_VKEY);
  });

  it('refuses every truncation and every single-character change of a verifier key (as TestNewVerifier does)', () => {
    const accepted: string[] = [];
    const tryKey = (k: string) => {
      try {
        parseVerifierKey(k);
        accepted.push(k);
      } catch (e) {
        if (!isLedgerError(e) || e.code !== 'KEY_MALFORMED') throw e;
      }
    };
    for (let i = 0; i <= PETER_VKEY.length; i++) {
      for (let j = i + 1; j <= PETER_VKEY.length; j++) if (i !== 0 || j !== PETER_VKEY.length) tryKey(PETER_VKEY.slice(i, j));
    }
    for (let i = 0; i < PETER_VKEY.length; i++) {
      tryKey(PETER_VKEY.slice(0, i) + String.fromCharCode(PETER_VKEY.charCodeAt(i) + 1) + PETER_VKEY.slice(i + 1));
    }
    expect(accepted).toEqual([]);
  });

  it('explains a key ID that does not match, a wrong-length key and an unknown algorithm', () => {
    expect(caught(() => parseVerifierKey('PeterNeumann+c74f20a4+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW')).message).toBe(
      'expected key ID c74f20a3 = SHA-256(name ‖ 0x0A ‖ 0x01 ‖ public key)[:4] for PeterNeumann, the verifier key says c74f20a4',
    );
    // From TestNewVerifier: "wrong length key, with adjusted key hash" (its padding bits are not zero,
    // which Go's lenient decoder lets through), and "unknown algorithm, with adjusted key hash".
    expect(caught(() => parseVerifierKey('PeterNeumann+cc469956+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TWBADKEY==')).message).toMatch(/is not canonical padded base64$/);
    const shortKey = Buffer.concat([Buffer.of(0x01), Buffer.alloc(31, 7)]).toString('base64');
    expect(caught(() => parseVerifierKey(`PeterNeumann+c74f20a3+${shortKey}`)).message).toMatch(/the key is 32 bytes$/);
    expect(caught(() => parseVerifierKey('PeterNeumann+173116ae+ZRpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW')).message).toMatch(
      /signature type 0x65, only 0x01 \(Ed25519\) is supported$/,
    );
  });
});

describe('signNote', () => {
  it('produces byte for byte the note sumdb/note signs with the same key (TestSign)', () => {
    expect(signNote(TEXT, 'PeterNeumann', peterPrivateKey())).toBe(`${TEXT}\n${PETER_SIG}`);
  });

  it('computes the key ID as SHA-256(name ‖ 0x0A ‖ 0x01 ‖ public key)[:4]', () => {
    const raw = Buffer.from(PETER_VKEY.split('+')[2] as string, 'base64').subarray(1);
    expect(noteKeyId('PeterNeumann', raw)).toBe(0xc74f20a3);
  });

  it('refuses text without a final newline, a key name with a space or plus, and a non-Ed25519 key', () => {
    expect(caught(() => signNote('abc', 'PeterNeumann', peterPrivateKey())).message).toBe('expected the text to sign to end with a newline, it ends with "c"');
    expect(caught(() => signNote(TEXT, 'Peter Neumann', peterPrivateKey())).code).toBe('INVALID_ARGUMENT');
    expect(caught(() => signNote(TEXT, 'a+b', peterPrivateKey())).code).toBe('INVALID_ARGUMENT');
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    expect(caught(() => signNote(TEXT, 'PeterNeumann', privateKey)).message).toBe('expected an Ed25519 private key, got a private ec key');
  });
});

describe('openNote', () => {
  const peter = parseVerifierKey(PETER_VKEY);
  const enoch = parseVerifierKey(ENOCH_VKEY);

  it('opens the doubly signed note with either key, ignoring the other signature (TestOpen)', () => {
    const note = `${TEXT}\n${PETER_SIG}${ENOCH_SIG}`;
    const byPeter = openNote(note, peter);
    expect(byPeter.text).toBe(TEXT);
    expect(byPeter.signatures.map((s) => [s.name, s.keyId])).toEqual([
      ['PeterNeumann', 0xc74f20a3],
      ['EnochRoot', 0xaf0cfe78],
    ]);
    expect(openNote(new TextEncoder().encode(note), enoch).text).toBe(TEXT);
  });

  it('refuses a note with no signature from the trusted key, listing who did sign', () => {
    const error = caught(() => openNote(`${TEXT}\n${ENOCH_SIG}`, peter));
    expect(error.code).toBe('SIGNATURE_MISSING');
    expect(error.message).toBe('expected a signature by PeterNeumann+c74f20a3, the note is signed only by EnochRoot+af0cfe78');
  });

  it('refuses a note whose trusted signature does not verify, even beside a good one', () => {
    const broken = PETER_SIG.slice(0, 60) + 'ABCD' + PETER_SIG.slice(60); // TestOpen's "Invalid signature"
    expect(caught(() => openNote(`${TEXT}\n${broken}`, peter)).code).toBe('SIGNATURE_INVALID');
    expect(caught(() => openNote(`${TEXT}\n${PETER_SIG}${broken}`, peter)).message).toBe(
      'expected signature line 2 by PeterNeumann+c74f20a3 to verify over the note text, it does not (the text or the signature was altered)',
    );
  });

  it('ignores a signature that shares the trusted name but not its key ID', () => {
    const other = generateKeyPairSync('ed25519').privateKey;
    const impostor = signNote(TEXT, 'PeterNeumann', other).slice(TEXT.length + 1);
    expect(openNote(`${TEXT}\n${impostor}${PETER_SIG}`, peter).text).toBe(TEXT);
    expect(caught(() => openNote(`${TEXT}\n${impostor}`, peter)).code).toBe('SIGNATURE_MISSING');
  });

  it.each([
    ['text only', TEXT],
    ['no signature lines', `${TEXT}\n`],
    ['signature line without its newline', `${TEXT}\n${PETER_SIG.slice(0, -1)}`],
    ['a control character', `\u0001${TEXT}\n${PETER_SIG}`],
    ['a key name with a space', `${TEXT}\n— Bad Name x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n`],
    ['a line after the signatures that is not one', `${TEXT}\n${PETER_SIG}Unexpected line.\n`],
    ['non-canonical base64', `${TEXT}\n${PETER_SIG.replace('AM=', 'AN=')}`],
    [`more than ${MAX_SIGNATURES} signatures`, `${TEXT}\n${PETER_SIG.repeat(MAX_SIGNATURES + 1)}`],
  ])('refuses a malformed note: %s (TestOpen badMsgs)', (_, note) => {
    expect(caught(() => openNote(note, peter)).code).toBe('NOTE_MALFORMED');
  });

  it('refuses bytes that are not UTF-8', () => {
    const bytes = Buffer.concat([Buffer.from([0xff]), Buffer.from(`${TEXT}\n${PETER_SIG}`)]);
    expect(caught(() => openNote(bytes, peter)).message).toBe('expected a signed note (c2sp.org/signed-note), but the bytes are not valid UTF-8');
  });

  it(`accepts ${MAX_SIGNATURES} signature lines, more than the 16 the spec requires`, () => {
    expect(openNote(`${TEXT}\n${ENOCH_SIG.repeat(MAX_SIGNATURES - 1)}${PETER_SIG}`, peter).signatures).toHaveLength(MAX_SIGNATURES);
  });
});

import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { formatCheckpoint, parseCheckpoint } from './checkpoint';
import { hashLeaf } from './merkle-hash';
import { signCheckpoint } from './sign-checkpoint';
import { rawEd25519PublicKey, signNote } from './sign-note';
import { formatVerifierKey } from './verifier-key';
import { verifyCheckpoint } from './verify-checkpoint';
import { caught } from './caught-ledger-error';

/** The example in c2sp.org/tlog-checkpoint, signed by a key whose public half the spec does not give. */
const SPEC_BODY = 'example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n';
const SPEC_SIGNATURE = '— example.com/behind-the-sofa Az3grlgtzPICa5OS8npVmf1Myq/5IZniMp+ZJurmRDeOoRDe4URYN7u5/Zhcyv2q1gGzGku9nTo+zyWE+xeMcTOAYQ8=\n';

const ORIGIN = 'signet.example/ledger';
const ROOT = hashLeaf(new TextEncoder().encode('some root'));

function logKey() {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return { privateKey, verifierKey: formatVerifierKey(ORIGIN, rawEd25519PublicKey(publicKey)) };
}

/** Replaces one body line of a signed checkpoint, keeping the signature: what a forger would try. */
const withLine = (note: string, line: number, value: string): string => {
  const lines = note.split('\n');
  lines[line] = value;
  return lines.join('\n');
};

describe('formatCheckpoint', () => {
  it('writes the tlog-checkpoint spec example byte for byte', () => {
    const rootHash = new Uint8Array(Buffer.from('CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=', 'base64'));
    expect(formatCheckpoint({ origin: 'example.com/behind-the-sofa', treeSize: 20852163, rootHash })).toBe(SPEC_BODY);
  });

  it('writes the empty tree as size 0 with the SHA-256 of nothing', () => {
    const rootHash = new Uint8Array(Buffer.from('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855', 'hex'));
    expect(formatCheckpoint({ origin: ORIGIN, treeSize: 0, rootHash })).toBe(`${ORIGIN}\n0\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n`);
  });

  it('refuses an origin that would break the note or differ from a valid key name, and a short root', () => {
    expect(caught(() => formatCheckpoint({ origin: 'a\nb', treeSize: 1, rootHash: ROOT })).code).toBe('INVALID_ARGUMENT');
    expect(caught(() => formatCheckpoint({ origin: '', treeSize: 1, rootHash: ROOT })).code).toBe('INVALID_ARGUMENT');
    expect(caught(() => formatCheckpoint({ origin: ORIGIN, treeSize: 1, rootHash: ROOT.subarray(1) })).message).toBe(
      'expected the checkpoint root hash to be a 32-byte SHA-256 hash, got 31 bytes',
    );
  });
});

describe('parseCheckpoint', () => {
  it('reads the spec example and keeps extension lines apart', () => {
    const parsed = parseCheckpoint(`${SPEC_BODY}ext one\n`);
    expect([parsed.origin, parsed.treeSize, Buffer.from(parsed.rootHash).toString('base64'), parsed.extensions]).toEqual([
      'example.com/behind-the-sofa',
      20852163,
      'CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=',
      ['ext one'],
    ]);
  });

  it.each([
    ['fewer than three lines', 'origin\n5\n', /at least 3 are required/],
    ['an empty origin', '\n5\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n', /origin line is empty/],
    ['a size with a leading zero', 'o\n05\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n', /"05" is not a decimal number without leading zeroes/],
    ['a negative size', 'o\n-5\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n', /not a decimal number/],
    ['a size past 2^53', 'o\n9007199254740993\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n', /beyond 2\^53/],
    ['unpadded base64', 'o\n5\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I\n', /not canonical padded base64/],
    ['base64url', 'o\n5\nCsUYapGGPo4dkMgIAUqom_Xajj7h2fB2MPA3j2jxq2I=\n', /not canonical padded base64/],
    ['a root of 33 bytes', `o\n5\n${Buffer.alloc(33).toString('base64')}\n`, /33 bytes, a SHA-256 hash is 32/],
    ['an empty extension line', `${SPEC_BODY}ext\n\n`, /extension line 2 is empty/],
    ['no final newline', SPEC_BODY.slice(0, -1), /does not end with a newline/],
  ])('refuses a body with %s', (_, body, message) => {
    const error = caught(() => parseCheckpoint(body));
    expect(error.code).toBe('CHECKPOINT_MALFORMED');
    expect(error.message).toMatch(message);
  });
});

describe('signCheckpoint / verifyCheckpoint', () => {
  it('round-trips origin, size and root through a signed note', () => {
    const { privateKey, verifierKey } = logKey();
    const note = signCheckpoint(formatCheckpoint({ origin: ORIGIN, treeSize: 123456, rootHash: ROOT }), ORIGIN, privateKey);
    expect(note).toMatch(new RegExp(`^${ORIGIN}\\n123456\\n[A-Za-z0-9+/]{43}=\\n\\n— ${ORIGIN} [A-Za-z0-9+/]{91}=\\n$`));
    const checkpoint = verifyCheckpoint(note, verifierKey, { expectedOrigin: ORIGIN });
    expect([checkpoint.origin, checkpoint.treeSize, Buffer.from(checkpoint.rootHash).equals(ROOT), checkpoint.extensions]).toEqual([ORIGIN, 123456, true, []]);
  });

  it.each([
    ['origin', 0, 'signet.example/other-ledger'],
    ['tree size', 1, '123457'],
    ['root hash', 2, Buffer.from(hashLeaf(Uint8Array.of(1))).toString('base64')],
  ])('refuses a checkpoint whose %s was changed after signing', (_, line, value) => {
    const { privateKey, verifierKey } = logKey();
    const note = signCheckpoint(formatCheckpoint({ origin: ORIGIN, treeSize: 123456, rootHash: ROOT }), ORIGIN, privateKey);
    const error = caught(() => verifyCheckpoint(withLine(note, line, value), verifierKey));
    expect(error.code).toBe('SIGNATURE_INVALID');
    expect(error.message).toMatch(/^expected signature line 1 by signet\.example\/ledger\+[0-9a-f]{8} to verify over the note text, it does not/);
  });

  it('refuses a checkpoint whose signature was changed', () => {
    const { privateKey, verifierKey } = logKey();
    const note = signCheckpoint(formatCheckpoint({ origin: ORIGIN, treeSize: 7, rootHash: ROOT }), ORIGIN, privateKey);
    const at = note.length - 10; // inside the signature, past the key ID
    const tampered = note.slice(0, at) + (note[at] === 'A' ? 'B' : 'A') + note.slice(at + 1);
    expect(caught(() => verifyCheckpoint(tampered, verifierKey)).code).toBe('SIGNATURE_INVALID');
  });

  it('refuses a checkpoint signed by another key under the same name', () => {
    const log = logKey();
    const other = logKey();
    const note = signCheckpoint(formatCheckpoint({ origin: ORIGIN, treeSize: 7, rootHash: ROOT }), ORIGIN, other.privateKey);
    const error = caught(() => verifyCheckpoint(note, log.verifierKey));
    expect(error.code).toBe('SIGNATURE_MISSING');
    expect(error.message).toMatch(/^expected a signature by signet\.example\/ledger\+[0-9a-f]{8}, the note is signed only by signet\.example\/ledger\+[0-9a-f]{8}$/);
  });

  it('still verifies with the known key when the note carries an unknown signature line too', () => {
    // Same name as the spec's signer, different key: the spec's line has a key ID this verifier does not know.
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const key = formatVerifierKey('example.com/behind-the-sofa', rawEd25519PublicKey(publicKey));
    const signed = signCheckpoint(SPEC_BODY, 'example.com/behind-the-sofa', privateKey);
    const after = signed + SPEC_SIGNATURE;
    const before = signed.replace('\n\n', `\n\n${SPEC_SIGNATURE}`);
    expect(verifyCheckpoint(after, key).treeSize).toBe(20852163);
    expect(verifyCheckpoint(before, key).treeSize).toBe(20852163);
  });

  it('refuses the spec example itself, naming the key that did sign it', () => {
    const { verifierKey } = logKey();
    // Az3grlgt… decodes to the key ID 033de0ae.
    expect(caught(() => verifyCheckpoint(SPEC_BODY + '\n' + SPEC_SIGNATURE, verifierKey)).message).toMatch(/the note is signed only by example\.com\/behind-the-sofa\+033de0ae$/);
  });

  it('refuses a valid checkpoint from another origin when the caller names the origin it expects', () => {
    const { privateKey, verifierKey } = logKey();
    const note = signCheckpoint(formatCheckpoint({ origin: 'signet.example/staging', treeSize: 7, rootHash: ROOT }), ORIGIN, privateKey);
    expect(verifyCheckpoint(note, verifierKey).origin).toBe('signet.example/staging');
    const error = caught(() => verifyCheckpoint(note, verifierKey, { expectedOrigin: ORIGIN }));
    expect(error.code).toBe('ORIGIN_MISMATCH');
    expect(error.message).toBe('expected a checkpoint for origin "signet.example/ledger", it is for "signet.example/staging"');
  });

  it('refuses to sign a body that is not a checkpoint', () => {
    const { privateKey } = logKey();
    expect(caught(() => signCheckpoint('just some text\n', ORIGIN, privateKey)).code).toBe('CHECKPOINT_MALFORMED');
  });

  it('refuses a signed note whose body is not a checkpoint, after checking the signature', () => {
    const { privateKey, verifierKey } = logKey();
    const note = signNote('origin\nnot a size\nroot\n', ORIGIN, privateKey);
    expect(caught(() => verifyCheckpoint(note, verifierKey)).code).toBe('CHECKPOINT_MALFORMED');
  });
});

import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatCheckpoint } from '@/lib/ledger/checkpoint';
import { signCheckpoint } from '@/lib/ledger/sign-checkpoint';
import { rawEd25519PublicKey } from '@/lib/ledger/sign-note';
import { formatVerifierKey } from '@/lib/ledger/verifier-key';
import { beginSigning } from '@/lib/signing/begin-signing';
import { completeSigning } from '@/lib/signing/complete-signing';
import { finishRegistration } from '@/lib/signing/finish-registration';
import { decodeStatement, encodeStatement, type Statement } from '@/lib/signing/statement';
import { createTestContext, sha256hex, TEST_ORIGIN, TEST_RP_ID, uploadAndRequest, type TestContext } from '@/test/support/context';
import { SoftAuthenticator } from '@/test/support/soft-authenticator';
import type { EvidenceBundle } from './evidence-format';
import { getEvidence } from './get-evidence';
import { verifyEvidence, type VerificationReport } from './verify-evidence';

const CHECKS = [
  'format',
  'statement',
  'statement names the document',
  'clientDataJSON',
  'challenge = SHA-256(statement)',
  'type',
  'origin',
  'rpIdHash = SHA-256(rpId)',
  'user present and verified',
  'signature',
];
const LEDGER_CHECKS = ['ledger entry = canonical leaf', 'ledger checkpoint signature', 'ledger inclusion proof'];

const failed = (report: VerificationReport): string[] => report.checks.filter((c) => !c.ok).map((c) => c.name);
const b64u = (s: string): Buffer => Buffer.from(s, 'base64url');

describe('verifyEvidence', () => {
  let ctx: TestContext;
  let bundle: EvidenceBundle;
  let documentSha256: string;

  /**
   * A deep copy of the real bundle, as a verifier would read it from a JSON file, without its
   * ledger member: these tests hold each WebAuthn check to exactly what it catches (the ledger
   * leaf commits to the same bytes, so it would fail alongside; see 'the ledger member' below).
   */
  const copy = (): EvidenceBundle => {
    const b = JSON.parse(JSON.stringify(bundle)) as EvidenceBundle;
    delete b.ledger;
    return b;
  };
  const withLedger = (): EvidenceBundle => JSON.parse(JSON.stringify(bundle)) as EvidenceBundle;
  const statementOf = (b: EvidenceBundle): Statement => {
    const s = decodeStatement(b64u(b.statement));
    if (!s) throw new Error('expected the real bundle to carry a canonical statement');
    return s;
  };
  const clientDataOf = (b: EvidenceBundle) => JSON.parse(b64u(b.webauthn.clientDataJSON).toString('utf8')) as Record<string, unknown>;

  beforeAll(async () => {
    ctx = await createTestContext();
    const signOne = async (bytes: string): Promise<{ recordId: string; sha256: string }> => {
      const { token, document } = await uploadAndRequest(ctx, bytes);
      const passkey = new SoftAuthenticator({ origin: TEST_ORIGIN, rpId: TEST_RP_ID });
      const reg = await beginSigning(ctx, token);
      await finishRegistration(ctx, token, passkey.register(reg.options.challenge));
      const begin = await beginSigning(ctx, token);
      const signed = await completeSigning(ctx, token, passkey.assert(begin.options.challenge), { ip: null, userAgent: null });
      return { recordId: signed.recordId, sha256: document.sha256 };
    };
    // The bundle's record is the middle of three signature leaves (after the PKI's certificate
    // leaves), so its inclusion proof has hashes to tamper with.
    await signOne('%PDF-1.4 signed before');
    const main = await signOne('%PDF-1.4 evidence test document');
    await signOne('%PDF-1.4 signed after');
    bundle = JSON.parse(JSON.stringify(await getEvidence(ctx, main.recordId))) as EvidenceBundle;
    documentSha256 = main.sha256;
    expect(documentSha256).toBe(sha256hex('%PDF-1.4 evidence test document'));
    expect(bundle.ledger!.index).toBeGreaterThan(0);
    expect(bundle.ledger!.treeSize).toBe(bundle.ledger!.index + 2);
  });
  afterAll(async () => ctx.dispose());

  it('verifies a real bundle produced by the signing flow, every check passing', async () => {
    const report = await verifyEvidence(withLedger(), { documentSha256 });

    expect(report.checks.map((c) => c.name)).toEqual([...CHECKS, 'document', ...LEDGER_CHECKS]);
    expect(failed(report)).toEqual([]);
    expect(report.ok).toBe(true);
    expect(bundle.webauthn.algorithm).toBe(-7);
  });

  it('verifies the bundle without a document, leaving the document check out', async () => {
    const report = await verifyEvidence(copy());

    expect(report.checks.map((c) => c.name)).toEqual(CHECKS);
    expect(report.ok).toBe(true);
  });

  it('catches one altered statement byte with the challenge check', async () => {
    const b = copy();
    const bytes = b64u(b.statement);
    const at = bytes.indexOf('nonce:') + 'nonce:'.length;
    bytes[at] = bytes[at] === 0x41 ? 0x42 : 0x41; // still a canonical statement, a different one
    b.statement = bytes.toString('base64url');

    const report = await verifyEvidence(b, { documentSha256 });

    expect(failed(report)).toEqual(['challenge = SHA-256(statement)']);
    expect(report.ok).toBe(false);
  });

  it('catches a statement byte that breaks the canonical form with the statement check', async () => {
    const b = copy();
    const bytes = b64u(b.statement);
    bytes[bytes.indexOf(':')] = 0x3d; // '=' for the first ':'
    b.statement = bytes.toString('base64url');

    expect(failed(await verifyEvidence(b, { documentSha256 }))).toEqual(['statement', 'statement names the document', 'challenge = SHA-256(statement)']);
  });

  it('catches a statement naming another document hash', async () => {
    const b = copy();
    const other = sha256hex('%PDF-1.4 the document the signer never saw');
    b.statement = Buffer.from(encodeStatement({ ...statementOf(b), documentSha256: other })).toString('base64url');

    const report = await verifyEvidence(b, { documentSha256 });

    expect(failed(report)).toEqual(['statement names the document', 'challenge = SHA-256(statement)']);
    expect(report.checks.find((c) => c.name === 'statement names the document')?.detail).toContain(other);
  });

  it('catches a record that claims another document than the one signed, even with a matching file', async () => {
    const b = copy();
    const other = sha256hex('%PDF-1.4 a substituted document');
    b.record.document.sha256 = other;

    expect(failed(await verifyEvidence(b, { documentSha256: other }))).toEqual(['statement names the document']);
  });

  it('catches a record that claims another request or signer than the statement', async () => {
    const b = copy();
    b.record.requestId = '00000000-0000-4000-8000-000000000000';
    expect(failed(await verifyEvidence(b))).toEqual(['statement names the document']);

    const c = copy();
    c.record.signer.id = '00000000-0000-4000-8000-000000000001';
    expect(failed(await verifyEvidence(c))).toEqual(['statement names the document']);
  });

  it('catches an altered clientDataJSON challenge', async () => {
    const b = copy();
    const clientData = clientDataOf(b);
    clientData.challenge = Buffer.alloc(32, 1).toString('base64url');
    b.webauthn.clientDataJSON = Buffer.from(JSON.stringify(clientData)).toString('base64url');

    expect(failed(await verifyEvidence(b, { documentSha256 }))).toEqual(['challenge = SHA-256(statement)', 'signature']);
  });

  it('catches clientDataJSON that is not JSON', async () => {
    const b = copy();
    b.webauthn.clientDataJSON = Buffer.from('{"type":"webauthn.get"').toString('base64url');

    expect(failed(await verifyEvidence(b))).toEqual(['clientDataJSON', 'challenge = SHA-256(statement)', 'type', 'origin', 'signature']);
  });

  it('catches an altered signature', async () => {
    const b = copy();
    const sig = b64u(b.webauthn.signature);
    sig[sig.length - 1] = sig[sig.length - 1]! ^ 0x01;
    b.webauthn.signature = sig.toString('base64url');

    expect(failed(await verifyEvidence(b, { documentSha256 }))).toEqual(['signature']);
  });

  it('catches authenticatorData whose UV flag was cleared', async () => {
    const b = copy();
    const authData = b64u(b.webauthn.authenticatorData);
    expect(authData[32]! & 0x05).toBe(0x05);
    authData[32] = authData[32]! & ~0x04;
    b.webauthn.authenticatorData = authData.toString('base64url');

    const report = await verifyEvidence(b, { documentSha256 });

    expect(failed(report)).toEqual(['user present and verified', 'signature']);
    expect(report.checks.find((c) => c.name === 'user present and verified')?.detail).toContain('UV=0');
  });

  it('catches a bundle that names a different rpId than the authenticator signed for', async () => {
    const b = copy();
    b.webauthn.rpId = 'sign.example.com';

    expect(failed(await verifyEvidence(b, { documentSha256 }))).toEqual(['rpIdHash = SHA-256(rpId)']);
  });

  it('catches a bundle that names a different origin than clientDataJSON', async () => {
    const b = copy();
    b.webauthn.origin = 'https://sign.example.com';

    expect(failed(await verifyEvidence(b, { documentSha256 }))).toEqual(['origin']);
  });

  it('catches a signature checked against the wrong public key', async () => {
    const b = copy();
    const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    b.webauthn.publicKey = publicKey.export({ type: 'spki', format: 'der' }).toString('base64url');

    expect(failed(await verifyEvidence(b, { documentSha256 }))).toEqual(['signature']);
  });

  // The COSE algorithm decides how the key is imported: an EC key labelled EdDSA or RS256 must not pass.
  it('catches a bundle that claims another COSE algorithm than its key', async () => {
    const b = copy();
    for (const algorithm of [-8, -257]) {
      b.webauthn.algorithm = algorithm;
      const report = await verifyEvidence(b);
      expect(failed(report), String(algorithm)).toEqual(['signature']);
      expect(report.checks.find((c) => c.name === 'signature')?.detail).toContain(`for COSE algorithm ${algorithm}, the key does not import as one`);
    }
    b.webauthn.algorithm = -65535;
    expect((await verifyEvidence(b)).checks.find((c) => c.name === 'signature')?.detail).toContain('unsupported COSE algorithm -65535');
  });

  it('catches a document that does not hash to the signed one', async () => {
    const report = await verifyEvidence(copy(), { documentSha256: sha256hex('%PDF-1.4 some other file') });

    expect(failed(report)).toEqual(['document']);
    expect(report.ok).toBe(false);
  });

  it('reports a bundle missing a member as a format failure and checks nothing else', async () => {
    const cases: [string, (b: Record<string, unknown> & EvidenceBundle) => void][] = [
      ['webauthn.signature', (b) => delete (b.webauthn as Partial<EvidenceBundle['webauthn']>).signature],
      ['statement', (b) => delete (b as Partial<EvidenceBundle>).statement],
      ['record.document', (b) => delete (b.record as Partial<EvidenceBundle['record']>).document],
      ['version', (b) => ((b as { version: string }).version = 'signet.evidence/v0')],
      ['webauthn.publicKey', (b) => (b.webauthn.publicKey = `${b.webauthn.publicKey}==`)],
    ];
    for (const [member, tamper] of cases) {
      const b = copy() as Record<string, unknown> & EvidenceBundle;
      tamper(b);
      const report = await verifyEvidence(b, { documentSha256 });
      expect(report.checks.map((c) => c.name), member).toEqual(['format']);
      expect(report.ok, member).toBe(false);
      expect(report.checks[0]?.detail, member).toContain(member);
    }
  });

  it('reports something that is not a bundle object as a format failure instead of throwing', async () => {
    for (const input of [null, undefined, 'bundle', 42, [], {}]) {
      const report = await verifyEvidence(input);
      expect(failed(report), JSON.stringify(input)).toEqual(['format']);
    }
  });

  it('lists members added by later versions without failing on them', async () => {
    const b = { ...copy(), notarization: 'MIIB...', archives: [], witness: { tsa: 'x' } };

    const report = await verifyEvidence(b, { documentSha256 });

    expect(report.ok).toBe(true);
    expect(report.checks.at(-1)).toEqual({ name: 'other members', ok: true, detail: 'not checked by this verifier version: notarization, archives, witness' });
  });

  describe('the ledger member', () => {
    const ledgerOf = (b: EvidenceBundle): NonNullable<EvidenceBundle['ledger']> => {
      if (!b.ledger) throw new Error('expected the real bundle to carry a ledger member');
      return b.ledger;
    };

    it('verifies against a verifier key the verifier trusts independently', async () => {
      const report = await verifyEvidence(withLedger(), { documentSha256, ledgerKey: ledgerOf(bundle).verifierKey });

      expect(failed(report)).toEqual([]);
      expect(report.checks.find((c) => c.name === 'ledger checkpoint signature')?.detail).toContain('(trusted key)');
      expect(ledgerOf(bundle).inclusionProof).toHaveLength(2);
    });

    it('catches a record time changed after signing, which no WebAuthn check covers', async () => {
      const b = withLedger();
      b.record.signedAt = '2026-03-01T11:00:00.000Z';

      expect(failed(await verifyEvidence(b, { documentSha256 }))).toEqual(['ledger entry = canonical leaf']);
    });

    it('catches an altered leaf byte with both the leaf check and the inclusion proof', async () => {
      const b = withLedger();
      const leaf = b64u(ledgerOf(b).leafData);
      leaf[leaf.length - 2] = leaf[leaf.length - 2] === 0x30 ? 0x31 : 0x30;
      ledgerOf(b).leafData = leaf.toString('base64url');

      expect(failed(await verifyEvidence(b, { documentSha256 }))).toEqual(['ledger entry = canonical leaf', 'ledger inclusion proof']);
    });

    it('catches a WebAuthn byte altered in a bundle that carries the ledger, in both the signature and the leaf', async () => {
      const b = withLedger();
      const sig = b64u(b.webauthn.signature);
      sig[sig.length - 1] = sig[sig.length - 1]! ^ 0x01;
      b.webauthn.signature = sig.toString('base64url');

      expect(failed(await verifyEvidence(b, { documentSha256 }))).toEqual(['signature', 'ledger entry = canonical leaf']);
    });

    it('catches an altered inclusion proof hash', async () => {
      const b = withLedger();
      const hash = b64u(ledgerOf(b).inclusionProof[0]!);
      hash[0] = hash[0]! ^ 0x01;
      ledgerOf(b).inclusionProof[0] = hash.toString('base64url');

      const report = await verifyEvidence(b, { documentSha256 });

      expect(failed(report)).toEqual(['ledger inclusion proof']);
      expect(report.checks.find((c) => c.name === 'ledger inclusion proof')?.detail).toContain('to lead to root');
    });

    it('catches a leaf index that is not where the proof leads', async () => {
      const b = withLedger();
      ledgerOf(b).index = 0;

      expect(failed(await verifyEvidence(b, { documentSha256 }))).toEqual(['ledger inclusion proof']);
    });

    it('catches a checkpoint whose signature was altered, and then trusts no proof against it', async () => {
      const b = withLedger();
      const l = ledgerOf(b);
      l.checkpoint = l.checkpoint.replace(/ (\S)(\S*)\n$/, (_m, first: string, rest: string) => ` ${first === 'A' ? 'B' : 'A'}${rest}\n`);

      const report = await verifyEvidence(b, { documentSha256 });

      expect(failed(report)).toEqual(['ledger checkpoint signature', 'ledger inclusion proof']);
    });

    it('catches a checkpoint with another root, even re-signed, when the verifier trusts the real key', async () => {
      const b = withLedger();
      const l = ledgerOf(b);
      const { privateKey } = generateKeyPairSync('ed25519');
      const origin = l.checkpoint.split('\n')[0]!;
      const forgedRoot = Buffer.alloc(32, 7);
      l.checkpoint = signCheckpoint(formatCheckpoint({ origin, treeSize: l.treeSize, rootHash: forgedRoot }), origin, privateKey);
      l.verifierKey = formatVerifierKey(origin, rawEd25519PublicKey(privateKey));
      l.rootHash = forgedRoot.toString('base64url');

      const untrusted = await verifyEvidence(b, { documentSha256 });
      expect(failed(untrusted)).toEqual(['ledger inclusion proof']);

      const trusted = await verifyEvidence(b, { documentSha256, ledgerKey: ledgerOf(bundle).verifierKey });
      expect(failed(trusted)).toEqual(['ledger checkpoint signature', 'ledger inclusion proof']);
      expect(trusted.checks.find((c) => c.name === 'ledger checkpoint signature')?.detail).toContain('expected the bundle\'s verifier key to be the trusted');
    });

    it('catches a bundle whose treeSize or rootHash differ from what the checkpoint signs', async () => {
      const b = withLedger();
      ledgerOf(b).treeSize = 2;
      expect(failed(await verifyEvidence(b))).toEqual(['ledger checkpoint signature']);

      const c = withLedger();
      ledgerOf(c).rootHash = Buffer.alloc(32).toString('base64url');
      expect(failed(await verifyEvidence(c))).toEqual(['ledger checkpoint signature']);
    });

    it('reports a ledger member missing a field as a format failure', async () => {
      const b = withLedger();
      delete (ledgerOf(b) as Partial<NonNullable<EvidenceBundle['ledger']>>).checkpoint;

      const report = await verifyEvidence(b);

      expect(report.checks.map((c) => c.name)).toEqual(['format']);
      expect(report.checks[0]?.detail).toContain('ledger.checkpoint');
    });
  });
});

describe('decodeStatement', () => {
  const statement: Statement = {
    documentSha256: sha256hex('doc'),
    requestId: '0f8e7a52-8a41-4c55-9a0e-6f1d2b3c4d5e',
    signerId: '5b2c1d0e-3f4a-4b6c-8d7e-9f0a1b2c3d4e',
    nonce: 'q2v0Xb6kz3H9Jt1pLm4Yw8Rc7Nf5Ge0SsAaBbCcDdEe',
    issuedAt: '2026-03-01T12:00:00.000Z',
  };
  const canonical = [
    'signet.statement/v1',
    `document-sha256:${statement.documentSha256}`,
    `request-id:${statement.requestId}`,
    `signer-id:${statement.signerId}`,
    `nonce:${statement.nonce}`,
    `issued-at:${statement.issuedAt}`,
    '',
  ].join('\n');
  const bytes = (s: string) => new TextEncoder().encode(s);

  it('round-trips the canonical encoding', async () => {
    expect(new TextDecoder().decode(encodeStatement(statement))).toBe(canonical);
    expect(decodeStatement(bytes(canonical))).toEqual(statement);
  });

  it('rejects every non-canonical variant of the same statement', async () => {
    const lines = canonical.split('\n');
    const variants: Record<string, Uint8Array> = {
      'CRLF line ends': bytes(canonical.replace(/\n/g, '\r\n')),
      'no final LF': bytes(canonical.slice(0, -1)),
      'extra final LF': bytes(`${canonical}\n`),
      'byte-order mark': bytes(`\ufeff${canonical}`),
      'space after a colon': bytes(canonical.replace('nonce:', 'nonce: ')),
      'trailing space': bytes(canonical.replace(`${statement.nonce}\n`, `${statement.nonce} \n`)),
      'upper-case hash': bytes(canonical.replace(statement.documentSha256, statement.documentSha256.toUpperCase())),
      'lines reordered': bytes([lines[0], lines[2], lines[1], ...lines.slice(3)].join('\n')),
      'extra line': bytes(canonical.replace('issued-at', 'comment:hello\nissued-at')),
      'line missing': bytes(lines.filter((l) => !l.startsWith('nonce:')).join('\n')),
      'other domain': bytes(canonical.replace('signet.statement/v1', 'signet.statement/v2')),
      'upper-case field name': bytes(canonical.replace('request-id:', 'Request-Id:')),
      'short nonce': bytes(canonical.replace(statement.nonce, 'abc')),
      'time without milliseconds': bytes(canonical.replace('12:00:00.000Z', '12:00:00Z')),
      'time with offset': bytes(canonical.replace('12:00:00.000Z', '12:00:00.000+00:00')),
      'invalid UTF-8': new Uint8Array([...bytes(canonical.slice(0, -2)), 0xff, 0x0a]),
      empty: new Uint8Array(0),
    };
    for (const [name, variant] of Object.entries(variants)) {
      expect(decodeStatement(variant), name).toBeNull();
    }
  });

  it('refuses to encode a value outside its canonical character set', async () => {
    expect(() => encodeStatement({ ...statement, nonce: 'has:colon-and-is-long-enough' })).toThrow(/nonce/);
    expect(() => encodeStatement({ ...statement, requestId: `${statement.requestId}\nx` })).toThrow(/request-id/);
  });
});

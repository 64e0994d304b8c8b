import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EvidenceBundle } from '@/lib/evidence/evidence-format';
import { getEvidence } from '@/lib/evidence/get-evidence';
import { beginSigning } from '@/lib/signing/begin-signing';
import { completeSigning } from '@/lib/signing/complete-signing';
import { finishRegistration } from '@/lib/signing/finish-registration';
import { createTestContext, TEST_ORIGIN, TEST_RP_ID, uploadAndRequest } from '@/test/support/context';
import { SoftAuthenticator } from '@/test/support/soft-authenticator';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const DOCUMENT = '%PDF-1.4 the document the signer saw';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `npx tsx cli/verify.ts ...args` from the repository root and collects its exit code and output. */
function verifyCli(...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile('npx', ['tsx', 'cli/verify.ts', ...args], { cwd: repoRoot, env: { ...process.env, NO_COLOR: '1' } }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

describe('npm run verify (cli/verify.ts)', () => {
  let dir: string;
  let bundle: EvidenceBundle;
  const file = (name: string) => path.join(dir, name);

  beforeAll(async () => {
    const ctx = await createTestContext();
    try {
      const { token } = await uploadAndRequest(ctx, DOCUMENT);
      const passkey = new SoftAuthenticator({ origin: TEST_ORIGIN, rpId: TEST_RP_ID });
      const reg = await beginSigning(ctx, token);
      await finishRegistration(ctx, token, passkey.register(reg.options.challenge));
      const begin = await beginSigning(ctx, token);
      const signed = await completeSigning(ctx, token, passkey.assert(begin.options.challenge), { ip: null, userAgent: null });
      bundle = (await getEvidence(ctx, signed.recordId)) as EvidenceBundle;
    } finally {
      await ctx.dispose();
    }
    dir = await mkdtemp(path.join(os.tmpdir(), 'signet-verify-cli-'));
    await writeFile(file('bundle.json'), JSON.stringify(bundle, null, 2) + '\n');
    await writeFile(file('contract.pdf'), DOCUMENT);
    await writeFile(file('other.pdf'), `${DOCUMENT}.`);
    const sig = Buffer.from(bundle.webauthn.signature, 'base64url');
    sig[sig.length - 1] = sig[sig.length - 1]! ^ 0x01;
    await writeFile(file('tampered.json'), JSON.stringify({ ...bundle, webauthn: { ...bundle.webauthn, signature: sig.toString('base64url') } }));
    await writeFile(file('later.json'), JSON.stringify({ ...bundle, notarization: { by: 'https://notary.example' }, archive: 'x' }));
    await writeFile(file('broken.json'), '{"version": "signet.evidence/v1",');
  });
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('exits 0 and prints VERIFIED for a good bundle and the right document', async () => {
    const run = await verifyCli(file('bundle.json'), file('contract.pdf'));

    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^✓ signature: /m);
    expect(run.stdout).toMatch(/^✓ document: file hashes to [0-9a-f]{64}$/m);
    expect(run.stdout).not.toContain('✗');
    expect(run.stdout.trimEnd().split('\n').at(-1)).toBe('VERIFIED: every check passed');
  });

  it('exits 0 for a good bundle checked without a document', async () => {
    const run = await verifyCli(file('bundle.json'));

    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('VERIFIED');
    expect(run.stdout).not.toMatch(/^. document: /m);
    expect(run.stdout).toMatch(/^✓ statement names the document: /m);
  });

  it('exits non-zero with a ✗ signature line for a bundle whose signature was altered', async () => {
    const run = await verifyCli(file('tampered.json'), file('contract.pdf'));

    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^✗ signature: /m);
    // The ledger leaf commits to the same signature bytes, so it no longer matches either.
    expect(run.stdout).toMatch(/^✗ ledger entry = canonical leaf: /m);
    // …and neither does the organisation's countersigned payload, which names the same bytes.
    expect(run.stdout).toMatch(/^✗ countersigned payload = this record: .*assertion\.signature/m);
    expect(run.stdout.match(/^✗ /gm)).toHaveLength(3);
    expect(run.stdout).toContain('FAILED');
    expect(run.stdout).not.toContain('VERIFIED');
  });

  it('exits non-zero with a ✗ document line when the document is not the one signed', async () => {
    const run = await verifyCli(file('bundle.json'), file('other.pdf'));

    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(new RegExp(`^✗ document: expected the document to hash to ${bundle.record.document.sha256}`, 'm'));
    expect(run.stdout).toMatch(/^✓ signature: /m);
    expect(run.stdout).toContain('FAILED');
  });

  it('accepts members added by later versions and lists them as not checked', async () => {
    const run = await verifyCli(file('later.json'), file('contract.pdf'));

    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('✓ other members: not checked by this verifier version: notarization, archive');
  });

  it('checks the ledger checkpoint against a trusted key given with --ledger-key', async () => {
    const trusted = await verifyCli(file('bundle.json'), file('contract.pdf'), '--ledger-key', bundle.ledger!.verifierKey);
    expect(trusted.code, trusted.stderr).toBe(0);
    expect(trusted.stdout).toMatch(/^✓ ledger checkpoint signature: .*\(trusted key\)$/m);
    expect(trusted.stdout).toMatch(/^✓ ledger inclusion proof: /m);

    const other = 'localhost:3999/ledger+00000000+AQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
    const untrusted = await verifyCli(file('bundle.json'), '--ledger-key', other);
    expect(untrusted.code).toBe(1);
    expect(untrusted.stdout).toMatch(/^✗ ledger checkpoint signature: expected the bundle's verifier key to be the trusted/m);
  });

  it('exits non-zero when the bundle is not JSON or the document cannot be read', async () => {
    const broken = await verifyCli(file('broken.json'));
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain(`✗ cannot read ${file('broken.json')} as JSON`);

    const missing = await verifyCli(file('bundle.json'), file('missing.pdf'));
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain(`✗ cannot read document ${file('missing.pdf')}`);
  });

  it('prints usage and exits 2 without a bundle argument', async () => {
    const run = await verifyCli();

    expect(run.code).toBe(2);
    expect(run.stderr).toContain('usage: npm run verify -- <evidence.json> [document] [--ledger-key <verifier key>]');
  });
});

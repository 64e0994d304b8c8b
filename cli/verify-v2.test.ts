import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EvidenceBundleV2 } from '@/lib/evidence/evidence-format';
import { getEvidence } from '@/lib/evidence/get-evidence';
import { createTestContext } from '@/test/support/context';
import { newPasskey, requestSigners, signAs } from '@/test/support/multi-signer';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const DOCUMENT = '%PDF-1.4 a contract three people sign in turn';

function verifyCli(...args: string[]): Promise<{ code: number | null; stdout: string }> {
  return new Promise((resolve) => {
    execFile('npx', ['tsx', 'cli/verify.ts', ...args], { cwd: repoRoot, env: { ...process.env, NO_COLOR: '1' } }, (error, stdout) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout });
    });
  });
}

describe('npm run verify with a signet.evidence/v2 bundle of three signatures', () => {
  let dir: string;
  let bundle: EvidenceBundleV2;
  const file = (name: string) => path.join(dir, name);

  beforeAll(async () => {
    const ctx = await createTestContext();
    try {
      const made = await requestSigners(ctx, ['Ada', 'Grace', 'Linus'], 'sequential', DOCUMENT);
      let last = '';
      for (const s of made.signers) last = (await signAs(ctx, s.token, newPasskey())).recordId;
      bundle = (await getEvidence(ctx, last)) as EvidenceBundleV2;
    } finally {
      await ctx.dispose();
    }
    dir = await mkdtemp(path.join(os.tmpdir(), 'signet-verify-v2-'));
    const [a, g, l] = bundle.signatures;
    await writeFile(file('bundle.json'), JSON.stringify(bundle, null, 2));
    await writeFile(file('contract.pdf'), DOCUMENT);
    await writeFile(file('swapped.json'), JSON.stringify({ ...bundle, signatures: [a, l, g] }));
    await writeFile(file('removed.json'), JSON.stringify({ ...bundle, signatures: [a, l] }));
  });
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('verifies all three signatures, their countersignatures, ledger proofs and order', async () => {
    const run = await verifyCli(file('bundle.json'), file('contract.pdf'));
    expect(run.stdout).toContain('✓ format: signet.evidence/v2, 3 signatures of 3 signers');
    expect(run.stdout).toContain('✓ signature 3 (Linus): signing order: after 2 earlier signatures');
    expect(run.stdout).toContain('✓ signature 2 (Grace): countersignature');
    expect(run.stdout).toContain('✓ every signer signed: 3 of 3');
    expect(run.stdout).not.toContain('✗');
    expect(run.stdout).toContain('VERIFIED');
    expect(run.code).toBe(0);
  });

  it('refuses the bundle with two signatures swapped', async () => {
    const run = await verifyCli(file('swapped.json'));
    expect(run.stdout).toMatch(/✗ signature 2 \(Linus\): signing order: expected prior-leaves to name only signatures before this one/);
    expect(run.stdout).toContain('FAILED');
    expect(run.code).toBe(1);
  });

  it('refuses the bundle with one signature removed', async () => {
    const run = await verifyCli(file('removed.json'));
    expect(run.stdout).toMatch(/✗ signature 2 \(Linus\): signing order/);
    expect(run.stdout).toMatch(/✗ every signer signed: the request is "signed" but the bundle lacks the signature of Grace/);
    expect(run.code).toBe(1);
  });
});

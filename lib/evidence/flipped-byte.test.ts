/**
 * One flipped byte in each part of a real bundle (document, statement, clientDataJSON, signature,
 * CMS, timestamp, inclusion proof, checkpoint): the shared verifier, which /verify runs in the
 * browser and `npm run verify` runs in Node, names the check that failed first, and every other
 * check keeps its verdict. Run against the lib and against the CLI.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, sha256hex, TEST_ORIGIN, TEST_RP_ID, uploadAndRequest } from '@/test/support/context';
import { SoftAuthenticator } from '@/test/support/soft-authenticator';
import { beginSigning } from '../signing/begin-signing';
import { completeSigning } from '../signing/complete-signing';
import { finishRegistration } from '../signing/finish-registration';
import type { EvidenceBundle } from './evidence-format';
import { getEvidence } from './get-evidence';
import { verifyAnyBundle } from './verify-evidence-v2';
import { FLIPS, flipBundle, type Flip } from '@/test/support/flip-bundle';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const DOCUMENT = '%PDF-1.4 the document the signer saw';

/** Which checks fail, first the one that names the cause (the verifier orders checks by dependency). */
const EXPECTED: Record<Flip, string[]> = {
  document: ['document'],
  statement: ['statement', 'statement names the document', 'challenge = SHA-256(statement)', 'ledger entry = canonical leaf', 'countersigned payload = this record'],
  clientDataJSON: ['clientDataJSON', 'challenge = SHA-256(statement)', 'type', 'origin', 'signature', 'ledger entry = canonical leaf', 'countersigned payload = this record'],
  signature: ['signature', 'ledger entry = canonical leaf', 'countersigned payload = this record'],
  cms: ['countersignature timestamp-token', 'countersignature timestamp-chain', 'countersignature signer-valid-at-timestamp', 'countersignature signer-chain', 'countersignature signing-time', 'timestamp member'],
  timestamp: ['timestamp member'],
  inclusionProof: ['ledger inclusion proof'],
  checkpoint: ['ledger checkpoint signature', 'ledger inclusion proof'],
};

function verifyCli(...args: string[]): Promise<{ code: number | null; stdout: string }> {
  return new Promise((resolve) => {
    execFile('npx', ['tsx', 'cli/verify.ts', ...args], { cwd: repoRoot, env: { ...process.env, NO_COLOR: '1' } }, (error, stdout) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout });
    });
  });
}

describe('a bundle with one flipped byte', () => {
  let bundle: EvidenceBundle;
  let dir: string;
  const documentSha256 = sha256hex(DOCUMENT);

  beforeAll(async () => {
    const ctx = await createTestContext();
    try {
      const sign = async (text: string) => {
        const { token } = await uploadAndRequest(ctx, text);
        const auth = new SoftAuthenticator({ origin: TEST_ORIGIN, rpId: TEST_RP_ID });
        const reg = await beginSigning(ctx, token);
        await finishRegistration(ctx, token, auth.register(reg.options.challenge));
        const begin = await beginSigning(ctx, token);
        return completeSigning(ctx, token, auth.assert(begin.options.challenge), { ip: null, userAgent: null });
      };
      const first = await sign(DOCUMENT);
      await sign('%PDF-1.4 another document, so the first leaf has an inclusion path');
      bundle = (await getEvidence(ctx, first.recordId)) as EvidenceBundle;
    } finally {
      await ctx.dispose();
    }
    dir = await mkdtemp(path.join(os.tmpdir(), 'signet-flipped-'));
    await writeFile(path.join(dir, 'contract.pdf'), DOCUMENT);
  }, 300_000);
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('is a complete bundle that verifies untouched (so each failure below is the flip)', async () => {
    expect(bundle.cms && bundle.timestamp && bundle.ledger).toBeTruthy();
    expect(bundle.ledger!.inclusionProof.length).toBeGreaterThan(0);
    const report = await verifyAnyBundle(bundle, { documentSha256 });
    expect(report.checks.filter((c) => !c.ok)).toEqual([]);
  });

  for (const flip of FLIPS) {
    it(`${flip}: the lib names exactly the failed checks, ${EXPECTED[flip][0]} first`, async () => {
      const { bundle: tampered, document } = flipBundle(bundle, DOCUMENT, flip);
      const report = await verifyAnyBundle(tampered, { documentSha256: sha256hex(document) });
      expect(report.ok).toBe(false);
      expect(report.checks.filter((c) => !c.ok).map((c) => c.name)).toEqual(EXPECTED[flip]);
    });
  }

  it('npm run verify prints a ✗ line for exactly the same checks, for every flip', async () => {
    const runs = await Promise.all(
      FLIPS.map(async (flip) => {
        const { bundle: tampered, document } = flipBundle(bundle, DOCUMENT, flip);
        await writeFile(path.join(dir, `${flip}.json`), JSON.stringify(tampered));
        await writeFile(path.join(dir, `${flip}.pdf`), document);
        return { flip, run: await verifyCli(path.join(dir, `${flip}.json`), path.join(dir, `${flip}.pdf`)) };
      }),
    );
    for (const { flip, run } of runs) {
      expect(run.code, flip).toBe(1);
      const crossed = run.stdout.split('\n').filter((l) => l.startsWith('✗ ')).map((l) => l.slice(2, l.indexOf(': ')));
      expect(crossed, flip).toEqual(EXPECTED[flip]);
      expect(run.stdout.trimEnd().split('\n').at(-1)).toBe('FAILED: at least one check did not pass');
    }
  }, 300_000);
});

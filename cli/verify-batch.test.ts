import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { beginBatchSigning } from '@/lib/batches/begin-batch-signing';
import { completeBatchSigning } from '@/lib/batches/complete-batch-signing';
import { getEvidence } from '@/lib/evidence/get-evidence';
import { asSigning, batchForAda, registerFromQueue } from '@/test/support/batch-approval';
import { createTestContext } from '@/test/support/context';
import { meta, newPasskey } from '@/test/support/multi-signer';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));

function verifyCli(...args: string[]): Promise<{ code: number | null; stdout: string }> {
  return new Promise((resolve) => {
    execFile('npx', ['tsx', 'cli/verify.ts', ...args], { cwd: repoRoot, env: { ...process.env, NO_COLOR: '1' } }, (error, stdout) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout });
    });
  });
}

describe('npm run verify on the evidence of one batch approval', () => {
  let dir: string;
  const file = (name: string) => path.join(dir, name);

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'signet-verify-batch-'));
    const ctx = await createTestContext();
    try {
      const b = await batchForAda(ctx, 3, 'cli');
      const passkey = newPasskey();
      await registerFromQueue(ctx, b.queueToken, b.ids, passkey);
      const begun = asSigning(await beginBatchSigning(ctx, b.queueToken, b.ids));
      const done = await completeBatchSigning(ctx, b.queueToken, passkey.assert(begun.options.challenge), meta);
      const bundle = await getEvidence(ctx, done.records[1]!.recordId);
      await writeFile(file('bundle.json'), JSON.stringify(bundle));
      await writeFile(file('doc.pdf'), await readFile(ctx.blobs.pathOf(b.made.requests[1]!.request.document.sha256)));
      await writeFile(file('other.pdf'), await readFile(ctx.blobs.pathOf(b.made.requests[0]!.request.document.sha256)));
      const other = await getEvidence(ctx, done.records[0]!.recordId);
      await writeFile(file('swapped.json'), JSON.stringify({ ...bundle, batch: (other as { batch: unknown }).batch }));
    } finally {
      await ctx.dispose();
    }
  }, 120_000);
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  it('verifies a record of the approval with its own document, and names the batch checks', async () => {
    const run = await verifyCli(file('bundle.json'), file('doc.pdf'));
    expect(run.stdout).toContain('✓ statement: canonical signet.batch-approval/v1: 3 documents');
    expect(run.stdout).toContain('✓ batch approval covers the document: item 2 of 3');
    expect(run.stdout).toContain('VERIFIED');
    expect(run.code).toBe(0);
  }, 60_000);

  it('fails with another document of the same approval, or another record\'s item', async () => {
    const wrongDoc = await verifyCli(file('bundle.json'), file('other.pdf'));
    expect(wrongDoc.code).toBe(1);
    expect(wrongDoc.stdout).toContain('✗ document');
    const swapped = await verifyCli(file('swapped.json'));
    expect(swapped.code).toBe(1);
    expect(swapped.stdout).toContain('✗ batch approval covers the document');
  }, 60_000);
});

/**
 * Records countersigned before the prepared signer (lib/pki/signed-data-signer.ts) keep verifying:
 * an evidence bundle written by the pkijs builder (test/fixtures/evidence-pkijs-countersignature,
 * see its README) through `npm run verify`, i.e. `tsx cli/verify.ts bundle.json contract.pdf`.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const fixture = path.join(repoRoot, 'test/fixtures/evidence-pkijs-countersignature');

function verifyCli(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile('npx', ['tsx', 'cli/verify.ts', ...args], { cwd: repoRoot, env: { ...process.env, NO_COLOR: '1' } }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr });
    });
  });
}

describe('a bundle countersigned by the pkijs builder', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'signet-pkijs-bundle-'));
  });
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('npm run verify: every check passes, the countersignature and its timestamp included', async () => {
    const run = await verifyCli(path.join(fixture, 'bundle.json'), path.join(fixture, 'contract.pdf'));
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).not.toContain('✗');
    expect(run.stdout).toMatch(/^✓ countersignature signature: /m);
    expect(run.stdout).toMatch(/^✓ countersignature timestamp-token: /m);
    expect(run.stdout).toMatch(/^✓ countersignature signer-chain: /m);
    expect(run.stdout.trimEnd().split('\n').at(-1)).toBe('VERIFIED: every check passed');
  });

  it('the same bundle with one bit of its CMS flipped fails (the check above can fail)', async () => {
    const bundle = JSON.parse(await readFile(path.join(fixture, 'bundle.json'), 'utf8')) as { cms: string };
    const cms = Buffer.from(bundle.cms, 'base64');
    cms[cms.length - 1] = (cms[cms.length - 1] ?? 0) ^ 0x01; // inside the TSA's signature, the last field
    await writeFile(path.join(dir, 'tampered.json'), JSON.stringify({ ...bundle, cms: cms.toString('base64') }));
    const run = await verifyCli(path.join(dir, 'tampered.json'), path.join(fixture, 'contract.pdf'));
    expect(run.code).not.toBe(0);
    expect(run.stdout).toMatch(/^✗ countersignature timestamp-token: /m);
  });
});

import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '@/db/client';
import { createContext } from '@/lib/context';
import { parseConfig } from '@/lib/env';
import { beginSigning } from '@/lib/signing/begin-signing';
import { completeSigning } from '@/lib/signing/complete-signing';
import { finishRegistration } from '@/lib/signing/finish-registration';
import { sha256hex, TEST_ORIGIN, TEST_RP_ID, uploadAndRequest } from '@/test/support/context';
import { SoftAuthenticator } from '@/test/support/soft-authenticator';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const DOCUMENT = '%PDF-1.4 audited by the CLI';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

describe('npm run audit:verify (cli/audit-verify.ts)', () => {
  let dataDir: string;

  /** Runs the CLI on the PGlite database and blobs under dataDir. */
  const auditCli = (settings: Record<string, string> = { ORIGIN: TEST_ORIGIN, RP_ID: TEST_RP_ID }): Promise<Run> =>
    new Promise((resolve) => {
      const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', DATA_DIR: dataDir, ...settings };
      delete env.DATABASE_URL;
      if (!settings.ORIGIN) delete env.ORIGIN;
      if (!settings.RP_ID) delete env.RP_ID;
      execFile('npx', ['tsx', 'cli/audit-verify.ts'], { cwd: repoRoot, env }, (error, stdout, stderr) => {
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr });
      });
    });

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'signet-audit-cli-'));
    const database = await openDatabase({ dataDir });
    try {
      const ctx = await createContext({ config: parseConfig({ ORIGIN: TEST_ORIGIN, RP_ID: TEST_RP_ID, DATA_DIR: dataDir }), database });
      const { token } = await uploadAndRequest(ctx, DOCUMENT);
      const passkey = new SoftAuthenticator({ origin: TEST_ORIGIN, rpId: TEST_RP_ID });
      const reg = await beginSigning(ctx, token);
      await finishRegistration(ctx, token, passkey.register(reg.options.challenge));
      const begin = await beginSigning(ctx, token);
      await completeSigning(ctx, token, passkey.assert(begin.options.challenge), { ip: null, userAgent: null });
    } finally {
      await database.close();
    }
  }, 60_000);
  afterAll(async () => {
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('exits 0 and prints AUDITED for an untouched deployment', async () => {
    const run = await auditCli();

    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout.trim()).toBe('AUDITED: 4 leaves, 1 records, 3 certificate events, 2 checkpoints, 1 documents, no discrepancy');
  });

  it('audits what is stored, not the caller\'s settings: without the server\'s ORIGIN it exits 0 and only warns', async () => {
    const run = await auditCli({});

    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout.trim()).toBe('AUDITED: 4 leaves, 1 records, 3 certificate events, 2 checkpoints, 1 documents, no discrepancy');
    expect(run.stderr).toContain(`warning: this process's ORIGIN gives the log origin localhost:3000/ledger, the stored checkpoints name ${new URL(TEST_ORIGIN).host}/ledger`);
  });

  it('exits 1 naming the discrepancy when a document blob was altered', async () => {
    const sha = sha256hex(DOCUMENT);
    const file = path.join(dataDir, 'blobs', sha.slice(0, 2), sha.slice(2, 4), sha);
    await writeFile(file, `${(await readFile(file, 'utf8')).slice(0, -1)}X`);

    const run = await auditCli();

    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(new RegExp(`^✗ blob = document hash: document [0-9a-f-]+: expected the stored bytes to hash to ${sha}`, 'm'));
    expect(run.stdout).toContain('FAILED: 1 discrepancies');
  });
});

import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, upload, type TestContext } from '@/test/support/context';
import { FIXTURE_PASSPHRASE } from '@/test/fixtures/backup-v1/fixture';
import { MANIFEST, type BackupManifest } from './backup-format';
import { createBackup } from './create-backup';

const PASSPHRASE = 'correct horse battery staple';

/**
 * Decrypts with the reference `age` command line tool (Debian's age). It reads a passphrase only from
 * a terminal, so it runs under util-linux `script`, whose pseudo-terminal is fed the passphrase.
 */
function ageDecrypt(file: string, out: string, passphrase: string): { status: number | null; output: string } {
  const r = spawnSync('script', ['-qec', `age -d -o '${out}' '${file}'`, '/dev/null'], { input: `${passphrase}\n`, encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

/** The names and bytes of a POSIX tar's entries, listed with GNU tar. */
function tarEntries(file: string): string[] {
  const r = spawnSync('tar', ['-tf', file], { encoding: 'utf8' });
  expect(r.status).toBe(0);
  return r.stdout.trim().split('\n');
}

describe('archives the age command line tool opens', () => {
  let ctx: TestContext;
  let work: string;
  beforeAll(async () => {
    work = await mkdtemp(path.join(os.tmpdir(), 'signet-age-cli-'));
    ctx = await createTestContext();
  });
  afterAll(async () => {
    await ctx?.dispose();
    await rm(work, { recursive: true, force: true });
  });

  it('decrypts a backup made now (several 64 KiB STREAM chunks) to the tar it holds', async () => {
    const big = Buffer.alloc(200 * 1024, 'signet ');
    const doc = await upload(ctx, big, 'scan.bin', 'application/octet-stream');
    const archive = path.join(work, 'now.backup');
    await createBackup(ctx, { out: archive, passphrase: PASSPHRASE, scryptWorkFactor: 10 });

    const tar = path.join(work, 'now.tar');
    const r = ageDecrypt(archive, tar, PASSPHRASE);

    expect(r.status, r.output).toBe(0);
    const names = tarEntries(tar);
    expect(names[0]).toBe(MANIFEST);
    expect(names).toContain(`blobs/${doc.sha256}`);
    const extracted = spawnSync('tar', ['-xOf', tar, `blobs/${doc.sha256}`]);
    expect(createHash('sha256').update(extracted.stdout).digest('hex')).toBe(doc.sha256);
  });

  it('decrypts the archive an earlier version wrote', async () => {
    const tar = path.join(work, 'old.tar');
    const r = ageDecrypt(path.join(__dirname, '..', '..', 'test', 'fixtures', 'backup-v1', 'signet.backup'), tar, FIXTURE_PASSPHRASE);

    expect(r.status, r.output).toBe(0);
    const manifest = JSON.parse(await readFile(path.join(__dirname, '..', '..', 'test', 'fixtures', 'backup-v1', 'manifest.json'), 'utf8')) as BackupManifest;
    expect(tarEntries(tar)).toEqual(expect.arrayContaining([MANIFEST, ...manifest.blobs.map((b) => `blobs/${b.sha256}`)]));
  });

  it('is refused by age with a wrong passphrase', () => {
    const r = ageDecrypt(path.join(__dirname, '..', '..', 'test', 'fixtures', 'backup-v1', 'signet.backup'), path.join(work, 'wrong.tar'), 'not the passphrase at all');

    expect(r.status).not.toBe(0);
    expect(r.output).toMatch(/incorrect passphrase|no identity matched/i);
  });
});

import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { E2E_DATA_DIR, E2E_ORIGIN } from '../playwright.config';
import { createRequestOnDesktop, openPhone, samplePdf, scanQr } from './fixtures/people';
import { runCli, serverEnv, startServerProcess, waitHealthy } from './fixtures/server-process';
import { expect, test } from './fixtures/staff';

const run = promisify(execFile);
const PASSPHRASE = 'e2e backup passphrase, long enough';

/**
 * An operator's backup drill: sign something, `npm run backup` while the server runs (through its
 * socket), see it on the Admin page, `npm run restore` into an empty DATA_DIR, start a second server
 * on the restored data: the ledger audits as the original does and the signature's evidence verifies with
 * `npm run verify` and with openssl.
 */
test('backup while running, restore elsewhere: the restored server audits clean and its evidence verifies', async ({ page, browser }) => {
  test.setTimeout(300_000);
  const work = await mkdtemp(path.join(os.tmpdir(), 'signet-e2e-backup-'));
  const restoredDir = path.join(work, 'restored');
  const restoredPort = 3416;
  let restored: ReturnType<typeof startServerProcess> | undefined;
  try {
    // Something worth keeping: a signed request.
    await createRequestOnDesktop(page, { name: 'Backup drill.pdf', mimeType: 'application/pdf', buffer: samplePdf('backup drill') }, '林晓', 'zh-CN');
    const phone = await openPhone(browser);
    await phone.page.goto(await scanQr(page));
    await expect(phone.page.getByTestId('document-check')).toHaveAttribute('data-phase', 'match');
    await phone.page.getByTestId('sign-button').click();
    await expect(phone.page.getByTestId('signed')).toBeVisible();
    await expect(page.getByTestId('status-badge')).toHaveAttribute('data-status', 'signed');
    await phone.context.close();
    const requestId = /requests\/([0-9a-f-]{36})/.exec(page.url())![1]!;
    const { recordId } = (await (await page.request.get(`/api/requests/${requestId}`)).json()) as { recordId: string };

    const env = { ...serverEnv(path.resolve(E2E_DATA_DIR), Number(new URL(E2E_ORIGIN).port)), BACKUP_PASSPHRASE: PASSPHRASE };
    const archive = path.join(work, 'drill.age');
    const backup = await runCli('backup', ['--out', archive], env);
    expect(backup.code, backup.stderr).toBe(0);
    expect(backup.stdout).toMatch(/^BACKED UP: .*drill\.age \(\d+ bytes\): \d+ tables, \d+ rows, \d+ blobs/);

    await page.goto('/admin');
    await expect(page.getByTestId('backup-status')).toHaveAttribute('data-status', 'ok');
    await expect(page.getByTestId('backup-status')).toHaveText('上次备份成功');
    await expect(page.getByTestId('backup-card')).toContainText('drill.age');
    await page.getByTestId('backup-card').screenshot({ path: 'test-results/screenshots/admin-backup-card.png' });

    const restoreEnv = { ...serverEnv(restoredDir, restoredPort), BACKUP_PASSPHRASE: PASSPHRASE };
    const wrong = await runCli('restore', [archive], { ...restoreEnv, BACKUP_PASSPHRASE: 'a wrong passphrase, long' });
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain('BACKUP_PASSPHRASE_WRONG');
    const restore = await runCli('restore', [archive], restoreEnv);
    expect(restore.code, restore.stderr).toBe(0);
    expect(restore.stdout).toContain(`RESTORED: `);
    const again = await runCli('restore', [archive], restoreEnv);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('RESTORE_TARGET_NOT_EMPTY');

    restored = startServerProcess(restoredDir, restoredPort);
    await waitHealthy(restored);
    // The restored ledger audits exactly as the original does: clean, or (when earlier specs altered a
    // stored document on purpose) with the same discrepancies, kept rather than hidden.
    const audit = await runCli('audit:verify', [], restoreEnv);
    const original = await runCli('audit:verify', [], env);
    const findings = (out: string) => out.split('\n').filter((l) => l.startsWith('✗ ')).sort();
    expect(findings(audit.stdout)).toEqual(findings(original.stdout));
    expect(audit.code, audit.stdout + audit.stderr).toBe(original.code);
    expect(audit.stdout).toMatch(/^(AUDITED|FAILED): /m);
    const key = await runCli('admin:api-key', ['--role', 'auditor', '--name', 'drill'], restoreEnv);
    const apiKey = /sk_[A-Za-z0-9_-]+/.exec(key.stdout)?.[0] ?? '';
    const detail = (await (await fetch(`http://127.0.0.1:${restoredPort}/api/requests/${requestId}`, { headers: { authorization: `Bearer ${apiKey}` } })).json()) as { status: string; recordId: string };
    expect(detail).toMatchObject({ status: 'signed', recordId });
    const evidence = await fetch(`http://127.0.0.1:${restoredPort}/api/records/${recordId}/evidence`, { headers: { authorization: `Bearer ${apiKey}` } });
    expect(evidence.status).toBe(200);
    const bundle = await evidence.text();
    const bundlePath = path.join(work, 'evidence.json');
    await writeFile(bundlePath, bundle);

    const verified = await runCli('verify', [bundlePath], restoreEnv);
    expect(verified.code, verified.stdout).toBe(0);
    expect(verified.stdout).toContain('VERIFIED: every check passed');
    // openssl, as docs/evidence.md shows: the CMS over the payload, judged at the signing time.
    const b = JSON.parse(bundle) as { payload: string; cms: string; certificates: string; record: { signedAt: string } };
    await writeFile(path.join(work, 'payload.bin'), Buffer.from(b.payload, 'base64url'));
    await writeFile(path.join(work, 'cms.der'), Buffer.from(b.cms, 'base64'));
    const pems = b.certificates.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
    await writeFile(path.join(work, 'root.pem'), `${pems[pems.length - 1]}\n`);
    const attime = String(Math.floor(new Date(b.record.signedAt).getTime() / 1000));
    const { stderr } = await run('openssl', ['cms', '-verify', '-binary', '-inform', 'DER', '-in', 'cms.der', '-content', 'payload.bin', '-CAfile', 'root.pem', '-attime', attime, '-out', '/dev/null'], { cwd: work });
    expect(stderr).toContain('Verification successful');
  } finally {
    if (restored && restored.child.exitCode === null) await restored.stop();
    await rm(work, { recursive: true, force: true });
  }
});

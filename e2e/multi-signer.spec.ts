import { execFile } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { openPhone, samplePdf, scanQr, sha256hex } from './fixtures/people';
import { expect, test } from './fixtures/staff';

const run = promisify(execFile);
/** Screenshots of the states this spec walks through, per language, for people to look at. */
const SHOTS_ROOT = process.env.SHOTS_DIR ?? 'test-results/screens-multi';
let SHOTS = SHOTS_ROOT;

test.beforeAll(async ({}, testInfo) => {
  SHOTS = `${SHOTS_ROOT}/${testInfo.project.name}`;
  await mkdir(SHOTS, { recursive: true });
});

const header = (page: Page) => page.locator('.page-header [data-testid="status-badge"]');
const signerItem = (page: Page, name: string) => page.locator(`[data-testid="signer-item"][data-name="${name}"]`);
const qrOf = (name: string) => `[data-testid="signer-qr"][data-signer="${name}"] [data-testid="qr"]`;

/** No serious or critical axe finding on the page as it stands. */
async function expectAxeClean(page: Page, what: string): Promise<void> {
  const axe = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
  const serious = axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(serious, `axe on ${what}`).toEqual([]);
}

/** The signer downloads their receipt and the evidence of their own signature; both say what was signed. */
async function keepReceipt(phone: Page, name: string, pdf: Buffer, file: string): Promise<string> {
  const [receipt] = await Promise.all([phone.waitForEvent('download'), phone.getByTestId('download-receipt').click()]);
  await receipt.saveAs(file);
  const text = await readFile(file, 'utf8');
  expect(text).toContain('Joint venture');
  expect(text).toContain(sha256hex(pdf));
  expect(text).toContain(name);
  const [evidence] = await Promise.all([phone.waitForEvent('download'), phone.getByTestId('download-own-evidence').click()]);
  const bundle = JSON.parse(await readFile((await evidence.path())!, 'utf8')) as { version: string; record: { signer: { displayName: string } } };
  expect(bundle.version).toBe('signet.evidence/v1');
  expect(bundle.record.signer.displayName).toBe(name);
  return text;
}

/** Uploads the PDF and asks the given people to sign it, one after another. */
async function createMultiRequest(page: Page, t: (k: string, v?: Record<string, string | number>) => string, pdf: Buffer, names: string[], order: 'sequential' | 'parallel' = 'sequential') {
  await page.goto('/');
  await page.getByTestId('file-input').setInputFiles({ name: 'Joint venture.pdf', mimeType: 'application/pdf', buffer: pdf });
  await expect(page.getByTestId('file-item')).toHaveAttribute('data-phase', 'ready');
  await expect(page.getByTestId('file-sha256')).toContainText(sha256hex(pdf));
  await page.getByLabel(t('upload.signerName')).fill(names[0]!);
  for (const [i, name] of names.slice(1).entries()) {
    await page.getByTestId('add-signer').click();
    await page.getByTestId('extra-signer-name').nth(i).fill(name);
  }
  await page.getByTestId('signer-order').selectOption(order);
  await page.getByLabel(t('upload.requestedBy')).fill('Acme Legal');
  await page.screenshot({ path: `${SHOTS}/desktop-form-signers.png`, fullPage: true });
  await page.getByTestId('create-request').click();
  await page.waitForURL(/\/requests\/[0-9a-f-]{36}#t=/);
  await expect(header(page)).toHaveAttribute('data-status', 'pending');
}

test('three signers in sequence, each on their own phone; the desktop follows every step live and the last signer waits until it is their turn', async ({ browser, page, lang, t }, testInfo) => {
  const pdf = samplePdf('Joint venture agreement');
  const names = ['Ada', 'Grace', 'Linus'];
  await createMultiRequest(page, t, pdf, names);
  await expect(page.getByTestId('signer-item')).toHaveCount(3);
  await expect(page.locator('[data-testid="signers-now"] > [data-testid="signer-qr"]')).toHaveCount(1);
  await expect(page.locator('[data-testid="signers-now"] > [data-testid="signer-qr"]')).toHaveAttribute('data-signer', 'Ada');
  await page.screenshot({ path: `${SHOTS}/desktop-three-signers.png`, fullPage: true });
  await expectAxeClean(page, 'the request page with three signers');

  // Linus opens his link early (the desktop offers later signers' links): he waits for Ada and Grace.
  await page.getByTestId('later-signers').locator('summary').click();
  const linusUrl = await scanQr(page, qrOf('Linus'));
  const linus = await openPhone(browser, lang);
  await linus.page.goto(linusUrl);
  const list = (names: string[]) => new Intl.ListFormat(lang.locale, { type: 'conjunction' }).format(names);
  await expect(linus.page.getByTestId('waiting-for')).toContainText(t('multi.waitingFor', { names: list(['Ada', 'Grace']) }));
  await expect(linus.page.getByTestId('sign-button')).toBeDisabled();
  await expect(linus.page.getByTestId('document-check')).toHaveAttribute('data-phase', 'match');
  await linus.page.screenshot({ path: `${SHOTS}/phone-waiting.png`, fullPage: true });
  await expectAxeClean(linus.page, 'the waiting phone');
  await expect(signerItem(page, 'Linus')).toHaveAttribute('data-status', 'opened');
  await page.getByTestId('later-signers').locator('summary').click();

  // Ada, then Grace: each scans the QR the desktop shows for them and signs.
  const phones = [];
  for (const name of ['Ada', 'Grace']) {
    const code = await page.locator(`[data-testid="signers-now"] > [data-testid="signer-qr"][data-signer="${name}"] [data-testid="matching-code"]`).innerText();
    const url = await scanQr(page, `[data-testid="signers-now"] > ${qrOf(name)}`);
    const phone = await openPhone(browser, lang);
    phones.push(phone);
    await phone.page.goto(url);
    await expect(phone.page.getByTestId('document-check')).toHaveAttribute('data-phase', 'match');
    await expect(phone.page.getByTestId('phone-matching-code')).toHaveText(code);
    await expect(phone.page.getByTestId('ceremony-signers')).toBeVisible();
    if (name === 'Ada') await phone.page.screenshot({ path: `${SHOTS}/phone-first-signer.png`, fullPage: true });
    await phone.page.getByTestId('sign-button').click();
    await expect(phone.page.getByTestId('signed')).toBeVisible();
    await keepReceipt(phone.page, name, pdf, testInfo.outputPath(`receipt-${name}.txt`));
    // The desktop hears it without reloading, and moves on to the next signer.
    await expect(signerItem(page, name)).toHaveAttribute('data-status', 'signed');
    if (name === 'Ada') {
      await expect(linus.page.getByTestId('waiting-for')).toContainText(t('multi.waitingFor', { names: 'Grace' }));
      await expect(page.locator('[data-testid="signers-now"] > [data-testid="signer-qr"]')).toHaveAttribute('data-signer', 'Grace');
      await page.screenshot({ path: `${SHOTS}/desktop-step-two.png`, fullPage: true });
      await linus.page.screenshot({ path: `${SHOTS}/phone-waiting-one-left.png`, fullPage: true });
    }
  }
  await expect(header(page)).toHaveAttribute('data-status', 'opened');

  // Linus's page notices his turn by itself.
  await expect(linus.page.getByTestId('waiting-for')).toHaveCount(0);
  await expect(linus.page.getByTestId('sign-button')).toBeEnabled();
  await linus.page.getByTestId('sign-button').click();
  await expect(linus.page.getByTestId('signed')).toBeVisible();
  const receipt = await keepReceipt(linus.page, 'Linus', pdf, testInfo.outputPath('receipt-Linus.txt'));
  for (const name of names) expect(receipt).toContain(name);
  await linus.page.screenshot({ path: `${SHOTS}/phone-last-signed.png`, fullPage: true });

  await expect(header(page)).toHaveAttribute('data-status', 'signed');
  for (const name of names) await expect(signerItem(page, name)).toHaveAttribute('data-status', 'signed');
  await page.screenshot({ path: `${SHOTS}/desktop-all-signed.png`, fullPage: true });
  await expectAxeClean(page, 'the request page once all signed');

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-evidence').click()]);
  const bundlePath = testInfo.outputPath('evidence-v2.json');
  const docPath = testInfo.outputPath('joint-venture.pdf');
  await download.saveAs(bundlePath);
  await writeFile(docPath, pdf);
  const { stdout } = await run('node_modules/.bin/tsx', ['cli/verify.ts', bundlePath, docPath]);
  expect(stdout).toContain('signet.evidence/v2, 3 signatures of 3 signers');
  expect(stdout).toContain('✓ signature 3 (Linus): signing order: after 2 earlier signatures');
  expect(stdout).toContain('VERIFIED');
  for (const p of [linus, ...phones]) await p.context.close();
});

test('staff cancel a live request: the phone that has it open says so at once', async ({ browser, page, lang, t }) => {
  await createMultiRequest(page, t, samplePdf('Lease'), ['Ada', 'Grace'], 'parallel');
  await expect(page.locator('[data-testid="signers-now"] > [data-testid="signer-qr"]')).toHaveCount(2);
  await page.screenshot({ path: `${SHOTS}/desktop-parallel.png`, fullPage: true });
  const phone = await openPhone(browser, lang);
  await phone.page.goto(await scanQr(page, qrOf('Grace')));
  await expect(phone.page.getByTestId('document-check')).toHaveAttribute('data-phase', 'match');
  await expect(phone.page.getByTestId('sign-button')).toBeEnabled();

  await page.getByTestId('cancel-open').click();
  await page.getByTestId('cancel-reason-input').fill('Wrong version attached');
  await page.getByTestId('cancel-confirm').click();
  await expect(header(page)).toHaveAttribute('data-status', 'cancelled');
  await expect(page.getByTestId('cancel-reason')).toContainText('Wrong version attached');
  await page.screenshot({ path: `${SHOTS}/desktop-cancelled.png`, fullPage: true });

  await expect(phone.page.getByTestId('ceremony-error')).toHaveAttribute('data-code', 'REQUEST_CANCELLED');
  await expect(phone.page.getByTestId('ceremony-error')).toContainText(t('errors.REQUEST_CANCELLED'));
  await phone.page.screenshot({ path: `${SHOTS}/phone-cancelled.png`, fullPage: true });

  // Send it again: a new request for the same signers, with new links.
  const oldId = page.url().match(/requests\/([0-9a-f-]{36})/)![1]!;
  await page.getByTestId('re-request').click();
  await page.waitForURL((u) => /^\/requests\/[0-9a-f-]{36}$/.test(u.pathname) && !u.pathname.includes(oldId));
  await expect(header(page)).toHaveAttribute('data-status', 'pending');
  await expect(page.getByTestId('signer-item')).toHaveCount(2);
  await page.screenshot({ path: `${SHOTS}/desktop-re-requested.png`, fullPage: true });
  await phone.context.close();
});

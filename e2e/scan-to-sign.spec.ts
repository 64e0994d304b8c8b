import { execFile } from 'node:child_process';
import { writeFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { E2E_DATA_DIR } from '../playwright.config';
import { createRequestOnDesktop, openPhone, samplePdf, scanQr, sha256hex } from './fixtures/people';
import { csrfHeaders, expect, signedInAdminState, test } from './fixtures/staff';

const run = promisify(execFile);
let SHOTS = 'test-results/screens';

test.beforeAll(async ({}, testInfo) => {
  SHOTS = `test-results/screens/${testInfo.project.name}`;
  await mkdir(SHOTS, { recursive: true });
});

test('desktop uploads, phone scans the QR and signs with a passkey, desktop sees it live, evidence verifies offline', async ({ browser, page, lang, t }, testInfo) => {
  const pdf = samplePdf();
  await createRequestOnDesktop(page, { name: 'Service agreement.pdf', mimeType: 'application/pdf', buffer: pdf }, 'Ada Lovelace', lang.locale);
  await page.evaluate(() => ((window as unknown as { __noReload: boolean }).__noReload = true));
  const desktopCode = await page.getByTestId('matching-code').innerText();
  await page.screenshot({ path: `${SHOTS}/desktop-request.png`, fullPage: true });

  const url = await scanQr(page);
  expect(url).toMatch(new RegExp(`^http://localhost:\\d+/s/[A-Za-z0-9_-]{22}\\?lang=${lang.locale}#h=`));

  const phone = await openPhone(browser, lang);
  await phone.page.goto(url);
  await expect(phone.page.getByTestId('document-check')).toHaveAttribute('data-phase', 'match');
  await expect(phone.page.getByTestId('phone-matching-code')).toHaveText(desktopCode);
  await expect(phone.page.locator('.pdf-page[data-page="1"]')).toHaveAttribute('data-rendered', 'true');
  await phone.page.screenshot({ path: `${SHOTS}/phone-ceremony.png`, fullPage: true });
  await phone.page.getByTestId('pdf-preview').scrollIntoViewIfNeeded();
  await expect(phone.page.locator('.pdf-page[data-page="1"]')).toHaveAttribute('data-rendered', 'true');
  await phone.page.screenshot({ path: `${SHOTS}/phone-pdf-preview.png` });

  // The desktop hears "opened" without reloading.
  await expect(page.getByTestId('status-badge')).toHaveAttribute('data-status', 'opened');

  await phone.page.getByTestId('sign-button').click();
  await expect(phone.page.getByTestId('signed')).toBeVisible();
  await phone.page.screenshot({ path: `${SHOTS}/phone-signed.png`, fullPage: true });

  await expect(page.getByTestId('status-badge')).toHaveAttribute('data-status', 'signed');
  expect(await page.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload)).toBe(true);
  // The browser re-checks the ledger's inclusion proof against the published checkpoint.
  await expect(page.getByTestId('ledger-included')).toHaveText(new RegExp(t('ledger.included', { n: 999 }).replace('999', '\\d+')));
  await page.screenshot({ path: `${SHOTS}/desktop-signed.png`, fullPage: true });

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-evidence').click()]);
  const bundlePath = testInfo.outputPath('evidence.json');
  const docPath = testInfo.outputPath('document.pdf');
  await download.saveAs(bundlePath);
  await writeFile(docPath, pdf);
  const { stdout } = await run('node_modules/.bin/tsx', ['cli/verify.ts', bundlePath, docPath]);
  expect(stdout).toContain('VERIFIED');
  expect(stdout).toMatch(/✓ ledger inclusion proof: /);

  await page.goto('/ledger');
  await expect(page.getByTestId('ledger-tree-size')).toHaveText(/^[1-9]\d*$/);
  await expect(page.getByTestId('ledger-key')).toContainText('/ledger+');
  await page.screenshot({ path: `${SHOTS}/desktop-ledger.png`, fullPage: true });
  await phone.context.close();
});

test('a signer whose device does not verify them (UV off) cannot sign', async ({ browser, page, lang }) => {
  await createRequestOnDesktop(page, { name: 'nda.txt', mimeType: 'text/plain', buffer: Buffer.from('Mutual NDA v3\n') }, 'Grace Hopper', lang.locale);
  const url = await scanQr(page);
  const phone = await openPhone(browser, { ...lang, userVerified: true });
  await phone.page.goto(url);
  await expect(phone.page.getByTestId('document-check')).toHaveAttribute('data-phase', 'match');
  // The passkey exists, but at signing time the authenticator reports the user as not verified.
  await phone.cdp.send('WebAuthn.setUserVerified', { authenticatorId: phone.authenticatorId, isUserVerified: false });
  await phone.page.getByTestId('sign-button').click();
  await expect(phone.page.getByTestId('sign-error')).toBeVisible();
  await phone.page.screenshot({ path: `${SHOTS}/phone-uv-refused.png`, fullPage: true });
  await expect(page.getByTestId('status-badge')).not.toHaveAttribute('data-status', 'signed');
  const id = page.url().match(/requests\/([0-9a-f-]{36})/)![1];
  const res = await page.request.get(`/api/requests/${id}`);
  expect((await res.json()).status).toBe('opened');
  await phone.context.close();
});

test('the phone refuses to sign when the stored document changed after the QR was made', async ({ browser, page, lang, t }) => {
  const original = Buffer.from('Invoice #4711: total 100.00 EUR\n');
  await createRequestOnDesktop(page, { name: 'invoice.txt', mimeType: 'text/plain', buffer: original }, 'Alan Turing', lang.locale);
  const url = await scanQr(page);
  const sha = sha256hex(original);
  // Someone with disk access swaps the bytes behind the content address.
  await writeFile(path.join(E2E_DATA_DIR, 'blobs', sha.slice(0, 2), sha.slice(2, 4), sha), 'Invoice #4711: total 900.00 EUR\n');
  const phone = await openPhone(browser, lang);
  await phone.page.goto(url);
  await expect(phone.page.getByTestId('mismatch')).toContainText(t('ceremony.mismatchQrTitle'));
  await expect(phone.page.getByTestId('sign-button')).toBeDisabled();
  await phone.page.screenshot({ path: `${SHOTS}/phone-mismatch.png`, fullPage: true });
  await phone.context.close();
});

test('the phone can decline with a reason and the desktop shows it live', async ({ browser, page, lang }) => {
  await createRequestOnDesktop(page, { name: 'offer.txt', mimeType: 'text/plain', buffer: Buffer.from('Job offer\n') }, 'Katherine Johnson', lang.locale);
  const url = await scanQr(page);
  const phone = await openPhone(browser, lang);
  await phone.page.goto(url);
  await expect(phone.page.getByTestId('document-check')).toHaveAttribute('data-phase', 'match');
  await phone.page.getByTestId('decline-open').click();
  await phone.page.getByTestId('decline-reason').fill('Salary figure is wrong');
  await phone.page.getByTestId('decline-confirm').click();
  await expect(phone.page.getByTestId('declined')).toBeVisible();
  await expect(page.getByTestId('status-badge')).toHaveAttribute('data-status', 'declined');
  await expect(page.getByTestId('timeline')).toContainText('Salary figure is wrong');
  await phone.context.close();
});

test('the history lists requests with their status and filters them, on desktop and phone widths', async ({ browser, page, lang, t }) => {
  // Two requests made through the public API; the signer declines one of them.
  const body = Buffer.from(`Purchase order ${Date.now()}\n`);
  const csrf = await csrfHeaders(page.context());
  const doc = await (await page.request.post('/api/documents', { headers: { ...csrf, 'content-type': 'text/plain', 'x-signet-sha256': sha256hex(body), 'x-signet-filename': 'po.txt' }, data: body })).json();
  const make = async (title: string) =>
    (await page.request.post('/api/requests', { headers: csrf, data: { documentId: doc.id, title, documentType: 'invoice', signerName: 'Mary Jackson', signerEmail: 'mary@example.com' } })).json();
  await make('Purchase order 118');
  const declined = await make('Purchase order 119');
  expect((await page.request.post(`/api/ceremonies/${declined.token}/decline`, { data: { reason: 'Duplicate' } })).status()).toBe(200);

  await page.goto('/requests');
  await expect(page.getByTestId('requests-table')).toBeVisible();
  await expect(page.getByTestId('requests-table').getByTestId('status-badge').first()).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/desktop-requests.png`, fullPage: true });
  const filters = page.getByTestId('history-filters');
  await filters.locator('select[name="status"]').selectOption('declined');
  await filters.locator('button[type="submit"]').click();
  await expect(page).toHaveURL(/status=declined/);
  await expect(page.getByTestId('history-filters').locator('select[name="status"] option:checked')).toHaveText(t('status.declined'));
  const statuses = await page.getByTestId('requests-table').getByTestId('status-badge').evaluateAll((els) => els.map((e) => e.getAttribute('data-status')));
  expect(statuses.length).toBeGreaterThan(0);
  expect(new Set(statuses)).toEqual(new Set(['declined']));

  await page.goto('/');
  await page.getByTestId('file-input').setInputFiles({ name: 'Quarterly report.txt', mimeType: 'text/plain', buffer: Buffer.from('Q3\n') });
  await expect(page.getByTestId('file-item')).toHaveAttribute('data-phase', 'ready');
  await page.screenshot({ path: `${SHOTS}/desktop-upload.png`, fullPage: true });

  // A staff member on a phone: signed in as the same admin.
  const phone = await openPhone(browser, { ...lang, storageState: await signedInAdminState(browser) });
  await phone.page.goto('/requests');
  await phone.page.screenshot({ path: `${SHOTS}/phone-requests.png`, fullPage: true });
  await phone.page.goto('/');
  await phone.page.screenshot({ path: `${SHOTS}/phone-upload.png`, fullPage: true });
  await phone.context.close();
});

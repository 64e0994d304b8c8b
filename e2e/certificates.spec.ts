import { mkdir } from 'node:fs/promises';
import { devices, type Browser, type Page } from '@playwright/test';
import { expect, test, staffContext } from './fixtures/staff';

let SHOTS = 'test-results/screens';

/** The one way this spec reaches staff pages: `page` is already signed in as the first admin (fixtures/staff.ts). */
async function openAsAdmin(page: Page, path: string): Promise<void> {
  await page.goto(path);
}

async function phonePage(browser: Browser, lang: { locale: string; timezoneId: string }): Promise<Page> {
  const { defaultBrowserType: _ignored, ...pixel } = devices['Pixel 7'];
  void _ignored;
  const context = await staffContext(browser, { ...pixel, ...lang });
  return context.newPage();
}

test.beforeAll(async ({}, testInfo) => {
  SHOTS = `test-results/screens/${testInfo.project.name}`;
  await mkdir(SHOTS, { recursive: true });
});

test('certificates page: status, self-managed note, local renewal and a test signature', async ({ page, browser, lang, t }) => {
  await openAsAdmin(page, '/certificates');
  await expect(page.getByRole('heading', { name: t('certs.title') })).toBeVisible();
  await expect(page.getByTestId('self-managed-note')).toContainText(t('certs.selfManagedTitle'));
  const active = page.getByTestId('active-certificate');
  await expect(active.getByTestId('certificate-state')).toHaveAttribute('data-state', 'valid');
  await expect(active.getByTestId('days-left')).toHaveText(/\d/);
  const before = await active.getByTestId('fingerprint').innerText();
  await page.screenshot({ path: `${SHOTS}/certificates-desktop.png`, fullPage: true });

  // Each language's run renews once, so count from what is there now.
  const rowsBefore = await page.getByTestId('certificates-table').locator('tbody tr').count();
  // A certificate with a year left: renewal is offered, but not as the primary action, and it asks first.
  await expect(page.getByTestId('renew-local')).toHaveClass(/btn-secondary/);
  const dialog: string[] = [];
  page.once('dialog', (d) => {
    dialog.push(d.message());
    void d.dismiss();
  });
  await page.getByTestId('renew-local').click();
  expect(dialog).toEqual([t('certs.renewConfirm')]);
  await expect(page.getByTestId('certificate-outcome')).toHaveCount(0);
  page.once('dialog', (d) => void d.accept());
  await page.getByTestId('renew-local').click();
  await expect(page.getByTestId('certificate-outcome')).toContainText(t('certs.renewed'));
  await expect(active.getByTestId('fingerprint')).not.toHaveText(before);
  await expect(page.getByTestId('certificates-table').locator('tbody tr')).toHaveCount(rowsBefore + 1);

  await page.getByTestId('test-signature').click();
  await expect(page.getByTestId('certificate-outcome')).toContainText(t('certs.testOk'));
  await page.screenshot({ path: `${SHOTS}/certificates-after-renewal.png`, fullPage: true });

  const phone = await phonePage(browser, lang);
  await openAsAdmin(phone, '/certificates');
  await expect(phone.getByTestId('active-certificate')).toBeVisible();
  await phone.screenshot({ path: `${SHOTS}/certificates-pixel7.png`, fullPage: true });
  await phone.context().close();
});

test('certificates page: PKCS#12 backup download and the external-CA forms show the API errors', async ({ page, browser, lang, t }) => {
  await openAsAdmin(page, '/certificates');
  const backup = page.getByTestId('certificate-backup');
  await expect(backup.getByTestId('backup-pkcs12')).toBeDisabled();
  await backup.getByTestId('backup-password').fill('e2e backup password');
  const [download] = await Promise.all([page.waitForEvent('download'), backup.getByTestId('backup-pkcs12').click()]);
  expect(download.suggestedFilename()).toBe('signet-signing-key.p12');
  await expect(page.getByTestId('backup-outcome')).toContainText(t('certs.backupDone'));
  const p12 = await download.path();

  const external = page.getByTestId('certificate-external-ca');
  const [csr] = await Promise.all([page.waitForEvent('download'), external.getByTestId('create-csr').click()]);
  expect(csr.suggestedFilename()).toMatch(/^signet-[0-9a-f]{8}\.csr$/);
  await expect(external.getByTestId('chain-request-id')).not.toHaveValue('');
  await external.getByTestId('chain-pem').fill('not a certificate');
  await external.getByTestId('import-chain').click();
  await expect(page.getByTestId('external-ca-outcome')).toContainText(t('certs.chainRefused'));
  await expect(page.getByTestId('external-ca-outcome')).toContainText('MALFORMED_PEM');

  await external.getByTestId('pkcs12-file').setInputFiles(p12);
  await external.getByTestId('pkcs12-password').fill('not the password');
  await external.getByTestId('import-pkcs12').click();
  await expect(page.getByTestId('external-ca-outcome')).toContainText('PKCS12_PASSWORD');
  await page.screenshot({ path: `${SHOTS}/certificates-tools-desktop.png`, fullPage: true });

  const phone = await phonePage(browser, lang);
  await openAsAdmin(phone, '/certificates');
  await expect(phone.getByTestId('certificate-backup')).toBeVisible();
  await phone.getByTestId('certificate-external-ca').scrollIntoViewIfNeeded();
  await phone.screenshot({ path: `${SHOTS}/certificates-tools-pixel7.png`, fullPage: true });
  await phone.context().close();
});

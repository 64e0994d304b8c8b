import { execFile } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { createRequestOnDesktop, openPhone, samplePdf, scanQr } from './fixtures/people';
import { expect, signedInAdminState, test } from './fixtures/staff';

const run = promisify(execFile);
const SHOTS = process.env.SEAL_SHOTS ?? 'test-results/screens';

test('staff downloads the sealed PDF of a signed request on desktop and phone; it carries a valid PAdES signature', async ({ browser, page, lang }, testInfo) => {
  await mkdir(SHOTS, { recursive: true });
  const pdf = samplePdf('Sealed PDF agreement');
  await createRequestOnDesktop(page, { name: 'Sealed agreement.pdf', mimeType: 'application/pdf', buffer: pdf }, 'Ada Lovelace', lang.locale);
  const url = await scanQr(page);
  const signer = await openPhone(browser, lang);
  await signer.page.goto(url);
  await expect(signer.page.getByTestId('document-check')).toHaveAttribute('data-phase', 'match');
  await signer.page.getByTestId('sign-button').click();
  await expect(signer.page.getByTestId('signed')).toBeVisible();
  await expect(page.getByTestId('status-badge')).toHaveAttribute('data-status', 'signed');
  await signer.context.close();

  const button = page.getByTestId('download-sealed-pdf');
  await expect(button).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/desktop-${lang.locale}-sealed-button.png`, fullPage: true });
  const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
  const file = testInfo.outputPath('sealed.pdf');
  await download.saveAs(file);
  const { stdout } = await run('pdfsig', [file]);
  expect(stdout).toContain('Signature Type: ETSI.CAdES.detached');
  expect(stdout).toContain('Signature Validation: Signature is Valid.');
  expect(stdout).toContain('Total document signed');
  await writeFile(testInfo.outputPath('original.pdf'), pdf);

  const phone = await openPhone(browser, { ...lang, storageState: await signedInAdminState(browser) });
  await phone.page.goto(page.url().split('#')[0] ?? page.url());
  await expect(phone.page.getByTestId('download-sealed-pdf')).toBeVisible();
  await phone.page.getByTestId('download-sealed-pdf').scrollIntoViewIfNeeded();
  await phone.page.screenshot({ path: `${SHOTS}/phone-${lang.locale}-sealed-button.png`, fullPage: true });
  await phone.context.close();
});

import { expect as baseExpect, type Locator, type Page } from '@playwright/test';
import { openPhone, samplePdf, scanQr } from './fixtures/people';
import { expect, test } from './fixtures/staff';

/** Presses Tab until `target` has focus, as someone without a mouse would; fails after 40 stops. */
async function tabTo(page: Page, target: Locator): Promise<void> {
  for (let i = 0; i < 40; i++) {
    if (await target.evaluate((el) => el === document.activeElement)) return;
    await page.keyboard.press('Tab');
  }
  baseExpect.soft(false, `could not reach ${target.toString()} with Tab`).toBe(true);
  throw new Error(`Tab never reached ${target.toString()}`);
}

test('keyboard only: upload, create the request, and sign on the phone', async ({ page, browser, lang, t }) => {
  await page.goto('/');
  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: t('nav.skip') })).toBeFocused();

  const dropzone = page.getByTestId('dropzone');
  await tabTo(page, dropzone);
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.keyboard.press('Enter')]);
  await chooser.setFiles({ name: 'Keyboard agreement.pdf', mimeType: 'application/pdf', buffer: samplePdf('Keyboard agreement') });
  await expect(page.getByTestId('file-item')).toHaveAttribute('data-phase', 'ready');

  await tabTo(page, page.getByLabel(t('upload.signerName')));
  await page.keyboard.type('Grace Hopper');
  await tabTo(page, page.getByTestId('create-request'));
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/requests\/[0-9a-f-]{36}#t=/);

  // The QR's text alternative: the link itself, reachable and readable without the image.
  await tabTo(page, page.locator('.qr-link summary'));
  await page.keyboard.press('Enter');
  const url = await scanQr(page);
  await expect(page.getByTestId('sign-url')).toHaveText(url);

  const phone = await openPhone(browser, lang);
  await phone.page.goto(url);
  await expect(phone.page.getByTestId('document-check')).toHaveAttribute('data-phase', 'match');
  await tabTo(phone.page, phone.page.getByTestId('sign-button'));
  await phone.page.keyboard.press('Enter');
  await expect(phone.page.getByTestId('signed')).toBeVisible();
  await expect(page.getByTestId('status-badge')).toHaveAttribute('data-status', 'signed');
  await phone.context.close();
});

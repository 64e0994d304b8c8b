import { mkdir } from 'node:fs/promises';
import { devices, type Browser, type Page } from '@playwright/test';
import { csrfHeaders, expect, test, staffContext } from './fixtures/staff';
import { samplePdf, sha256hex } from './fixtures/people';

/**
 * Issue 5 §1 notes on the request page, and the bad input "an XSS payload in a title, a name, a
 * note, a file name": every payload must appear as literal text, and no injected element or
 * script may run (no img[src=x], no dialog, no window.__xss).
 */
let SHOTS = 'test-results/screens';
const IMG = '<img src=x onerror="window.__xss=1;alert(1)">';
const SCRIPT = '<script>window.__xss=2;alert(2)</script>';
const FILE = `${IMG}.pdf`;
const NOTE = `Checked in person. ${SCRIPT} ${IMG}`;

async function phonePage(browser: Browser, lang: { locale: string; timezoneId: string }): Promise<Page> {
  const { defaultBrowserType: _ignored, ...pixel } = devices['Pixel 7'];
  void _ignored;
  const context = await staffContext(browser, { ...pixel, ...lang });
  return context.newPage();
}

/** Creates a request through the API with the signed-in session (cookie + CSRF header). */
async function hostileRequest(page: Page): Promise<string> {
  const headers = await csrfHeaders(page.context());
  const pdf = samplePdf('Notes and XSS');
  const up = await page.request.post('/api/documents', {
    headers: { ...headers, 'content-type': 'application/pdf', 'x-signet-sha256': sha256hex(pdf), 'x-signet-filename': encodeURIComponent(FILE) },
    data: pdf,
  });
  expect(up.status()).toBe(201);
  const doc = (await up.json()) as { id: string };
  const created = await page.request.post('/api/requests', {
    headers,
    data: { documentId: doc.id, title: IMG, documentType: 'contract', signerName: SCRIPT, requestedBy: IMG },
  });
  expect(created.status()).toBe(201);
  return ((await created.json()) as { request: { id: string } }).request.id;
}

test.beforeAll(async ({}, testInfo) => {
  SHOTS = `test-results/screens/${testInfo.project.name}`;
  await mkdir(SHOTS, { recursive: true });
});

test('the request page shows notes and hostile titles, names, file names and notes as literal text', async ({ browser, page, lang, t }) => {
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  const id = await hostileRequest(page);
  await page.goto(`/requests/${id}`);
  await expect(page.getByTestId('request-title')).toHaveText(IMG);
  await expect(page.getByText(t('request.forSigner', { name: SCRIPT }))).toBeVisible();
  await expect(page.locator('.kv dd').filter({ hasText: FILE })).toHaveCount(1);

  const notes = page.getByTestId('notes');
  await expect(notes).toContainText(t('notes.empty'));
  await expect(page.getByTestId('add-note')).toBeDisabled();
  await page.getByTestId('note-input').fill(NOTE);
  await page.getByTestId('add-note').click();
  await expect(notes.getByTestId('note')).toHaveCount(1);
  await expect(notes.getByTestId('note').locator('.note-body')).toHaveText(NOTE);
  await expect(page.getByTestId('note-input')).toHaveValue('');

  // After a reload the note comes from the server render, still as text.
  await page.reload();
  await expect(page.getByTestId('note').locator('.note-body')).toHaveText(NOTE);
  await expect(page.locator('img[src="x"]')).toHaveCount(0);
  await expect(page.locator('[data-testid="notes"] script, h1 script, .subtitle script')).toHaveCount(0);
  expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
  expect(dialogs).toEqual([]);
  await page.screenshot({ path: `${SHOTS}/notes-desktop.png`, fullPage: true });

  const phone = await phonePage(browser, lang);
  phone.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await phone.goto(`/requests/${id}`);
  await expect(phone.getByTestId('note').locator('.note-body')).toHaveText(NOTE);
  await expect(phone.locator('img[src="x"]')).toHaveCount(0);
  expect(await phone.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
  expect(dialogs).toEqual([]);
  await phone.getByTestId('notes').scrollIntoViewIfNeeded();
  await phone.screenshot({ path: `${SHOTS}/notes-pixel7.png`, fullPage: true });
  await phone.context().close();
});

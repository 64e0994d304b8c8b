import { readFile, mkdir } from 'node:fs/promises';
import { devices, type Page } from '@playwright/test';
import { expect, test, staffContext } from './fixtures/staff';
import { createRequestOnDesktop, openPhone, samplePdf, scanQr } from './fixtures/people';

let SHOTS = 'test-results/screens';
const XSS = '<img src=x onerror="window.__xss=1">';

/** Every visit to the staff operations page goes through here; `page` is signed in as the first admin (fixtures/staff.ts). */
async function openOperations(page: Page, query = ''): Promise<void> {
  await page.goto(`/operations${query}`);
  await expect(page.locator('h1')).toHaveText(/^(Operation log|操作日志)$/);
}

test.beforeAll(async ({}, testInfo) => {
  SHOTS = `test-results/screens/${testInfo.project.name}`;
  await mkdir(SHOTS, { recursive: true });
});

test('after a signing, the operation log shows it, filters, renders hostile text inertly and exports CSV', async ({ browser, page, lang, t }, testInfo) => {
  await createRequestOnDesktop(page, { name: 'Operations check.pdf', mimeType: 'application/pdf', buffer: samplePdf('Operations check') }, 'Ada Lovelace', lang.locale);
  const requestId = /\/requests\/([0-9a-f-]{36})/.exec(page.url())![1]!;
  const phone = await openPhone(browser, lang);
  await phone.page.goto(await scanQr(page));
  await phone.page.getByTestId('sign-button').click();
  await expect(phone.page.getByTestId('signed')).toBeVisible();
  await phone.context.close();

  // A refused call whose user agent carries markup: it is logged, and must render as text.
  const refused = await page.request.post(`/api/ceremonies/${'A'.repeat(22)}/begin`, { headers: { 'user-agent': XSS } });
  expect(refused.status()).toBe(404);
  expect(refused.headers()['x-request-id']).toBeTruthy();

  await openOperations(page);
  const rows = page.getByTestId('operation-row');
  const onRequest = (action: string) => page.locator(`[data-testid="operation-row"][data-action="${action}"]`).filter({ has: page.locator(`[data-target-id="${requestId}"]`) });
  await expect(onRequest('request.sign').first()).toContainText(t('ops.result.ok'));
  // The target reads as the request's title, linked to it; the id stays in the link's title for support.
  await expect(onRequest('request.sign').first().locator(`a[data-target-id="${requestId}"]`)).toHaveText(`${t('ops.target.request')} · Operations check`);
  await expect(onRequest('request.create')).toHaveCount(1);
  await expect(page.locator('[data-testid="operation-row"][data-action="document.upload"]').first()).toBeVisible();
  const hostile = rows.filter({ hasText: 'TOKEN_UNKNOWN' }).first();
  await expect(hostile.getByTestId('operation-ua')).toHaveText(XSS);
  await expect(page.locator('[data-testid="operations-table"] img')).toHaveCount(0);
  expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
  // The recorded client address is the TCP peer stamped by scripts/serve.mjs.
  await expect(page.locator('[data-testid="operation-row"][data-action="request.sign"]').first().locator('.oplog-client .mono')).toHaveText(/^(127\.0\.0\.1|::1)$/);

  // Filter through the form: only signings remain.
  await page.getByRole('textbox', { name: t('ops.action'), exact: true }).fill('request.sign');
  await page.locator('select[name="outcome"]').selectOption('ok');
  await page.getByRole('button', { name: t('ops.apply') }).click();
  await page.waitForURL(/action=request.sign/);
  await expect(rows).not.toHaveCount(0);
  for (const action of await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-action')))) expect(action).toBe('request.sign');
  for (const text of await rows.locator('.oplog-action').allInnerTexts()) expect(text).toBe(t('ops.actions.request.sign'));
  await page.screenshot({ path: `${SHOTS}/desktop-operations.png`, fullPage: true });

  // Bad filter values are reported, not crashed on.
  await openOperations(page, '?outcome=maybe');
  await expect(page.getByTestId('bad-filters')).toHaveAttribute('data-fields', 'outcome');
  await expect(page.getByTestId('bad-filters')).toHaveText(`${t('ops.badFilters')} ${t('ops.badFilterFields', { fields: t('ops.outcome') })}`);

  // Export the filtered view as CSV.
  await openOperations(page, '?action=request.sign&outcome=ok');
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()]);
  const csvPath = testInfo.outputPath('operations.csv');
  await download.saveAs(csvPath);
  const csv = await readFile(csvPath, 'utf8');
  const lines = csv.trim().split('\n');
  expect(lines[0]).toBe('at,actor_kind,actor_id,actor_name,action,target_type,target_id,outcome,error_code,ip,user_agent,request_id,details');
  expect(lines.length).toBeGreaterThan(1);
  expect(lines.slice(1).every((l) => l.includes(',request.sign,'))).toBe(true);
  expect(csv).toContain(requestId);

  // The same page on a phone.
  const mobile = await staffContext(browser, { ...devices['Pixel 7'], ...lang });
  const mobilePage = await mobile.newPage();
  await openOperations(mobilePage);
  await expect(mobilePage.getByTestId('operation-row').first()).toBeVisible();
  await mobilePage.screenshot({ path: `${SHOTS}/phone-operations.png`, fullPage: true });
  await mobile.close();
});

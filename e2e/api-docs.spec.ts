import { mkdir } from 'node:fs/promises';
import { devices } from '@playwright/test';
import { E2E_ORIGIN } from '../playwright.config';
import { expect, staffContext, test } from './fixtures/staff';

let SHOTS = 'test-results/screens';

test.beforeAll(async ({}, testInfo) => {
  SHOTS = `test-results/screens/${testInfo.project.name}`;
  await mkdir(SHOTS, { recursive: true });
});

test('the API reference is rendered by Scalar from the OpenAPI document, under the CSP, with no request leaving the origin', async ({ browser, page, lang, t }) => {
  const problems: string[] = [];
  const elsewhere: string[] = [];
  page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('request', (r) => !r.url().startsWith(`${E2E_ORIGIN}/`) && !r.url().startsWith('data:') && elsewhere.push(r.url()));
  await page.goto('/api-docs');
  await expect(page.getByTestId('api-reference')).toHaveAttribute('data-state', 'ready');
  // An operation from the document, by its summary, and its error codes below.
  const entry = page.getByRole('link', { name: /PUT.*\/api\/admin\/organization|\/api\/admin\/organization.*PUT/ }).first();
  await expect(entry).toBeVisible({ timeout: 20_000 });
  await entry.click();
  await expect(page.getByText('Rename the organisation (1–64 characters)', { exact: false }).first()).toBeVisible({ timeout: 20_000 });
  // Scalar's own labels follow the page's language.
  await expect(page.getByText(lang.locale === 'zh-CN' ? '下载 OpenAPI 文档' : 'Download OpenAPI Document').first()).toBeVisible();
  await expect(page.getByRole('heading', { name: t('apiDocs.errorsTitle') })).toBeVisible();
  await expect(page.getByRole('cell', { name: 'SIGNER_NOT_YET' }).or(page.getByRole('cell', { name: 'VALIDATION_FAILED' })).first()).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/desktop-api-docs.png` });
  expect(problems, 'console errors (CSP violations included)').toEqual([]);
  expect(elsewhere, 'requests to other origins').toEqual([]);

  const context = await staffContext(browser, { ...devices['Pixel 7'], ...lang });
  const phone = await context.newPage();
  await phone.goto('/api-docs');
  await expect(phone.getByTestId('api-reference')).toHaveAttribute('data-state', 'ready');
  await expect(phone.getByText('Signet API').first()).toBeVisible({ timeout: 20_000 });
  await phone.screenshot({ path: `${SHOTS}/phone-api-docs.png` });
  await context.close();
});

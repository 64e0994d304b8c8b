import AxeBuilder from '@axe-core/playwright';
import { mkdir } from 'node:fs/promises';
import { devices, type Page } from '@playwright/test';
import { createRequestOnDesktop, openPhone, samplePdf, scanQr } from './fixtures/people';
import { expect, test, staffContext } from './fixtures/staff';
import { WEBHOOK_EVENTS } from '../lib/notifications/events';

/**
 * Both languages on every staff page, desktop and Pixel 7, and on the phone ceremony: <html lang>, no raw catalogue key, no
 * CSP violation, no serious or critical axe finding, and a screenshot of each for review.
 */
const PAGES = ['/', '/requests', '/batches', '/batches/new', '/ledger', '/certificates', '/operations', '/admin', '/account', '/api-docs', '/this-page-does-not-exist'];
let SHOTS = 'test-results/screens';

test.beforeAll(async ({}, testInfo) => {
  SHOTS = `test-results/screens/${testInfo.project.name}`;
  await mkdir(SHOTS, { recursive: true });
});

async function checkPage(page: Page, path: string, locale: string, shot: string): Promise<void> {
  const problems: string[] = [];
  page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
  page.on('pageerror', (e) => problems.push(e.message));
  await page.goto(path);
  await expect(page.locator('html')).toHaveAttribute('lang', locale);
  await page.waitForLoadState('networkidle');
  const text = await page.locator('body').innerText();
  // A raw key looks like "namespace.key" in place of words.
  // Webhook event ids (request.signed, …) are shown next to their names on purpose; they are not keys.
  const keys = text.match(/\b(upload|request|ceremony|certs|ledger|ops|admin|account|auth|errors|nav|common|meta)\.[a-zA-Z]+\b/g) ?? [];
  expect(keys.filter((k) => !(WEBHOOK_EVENTS as readonly string[]).includes(k))).toEqual([]);
  await page.screenshot({ path: `${SHOTS}/${shot}.png`, fullPage: true });
  const axe = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
  const serious = axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(serious, `axe on ${path}`).toEqual([]);
  expect(problems.filter((p) => !p.includes('404')), `console on ${path}`).toEqual([]);
}

test('every staff page in the project language on a desktop: lang, no raw keys, CSP and axe clean', async ({ page, lang }) => {
  // Eleven pages, each with an axe scan: more than the default 90 s on a shared 2-core machine.
  test.slow();
  for (const path of PAGES) await checkPage(page, path, lang.locale, `page-desktop${path.replace(/\//g, '_') || '_upload'}`);
  await expect(page.getByTestId('not-found')).toBeVisible();
});

test('every staff page on a Pixel 7: a menu instead of a cut-off nav, nothing wider than the screen', async ({ browser, lang, t }) => {
  // Eleven pages, each with an axe scan: more than the default 90 s on a shared 2-core machine.
  test.slow();
  const context = await staffContext(browser, { ...devices['Pixel 7'], ...lang });
  const page = await context.newPage();
  for (const path of PAGES) {
    await checkPage(page, path, lang.locale, `page-pixel7${path.replace(/\//g, '_') || '_upload'}`);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width, `page width of ${path}`).toBeLessThanOrEqual(412);
  }
  await page.goto('/ledger');
  await page.getByTestId('menu-button').click();
  await expect(page.getByRole('link', { name: t('nav.admin') }).last()).toBeVisible();
  await expect(page.getByRole('link', { name: t('nav.api') }).last()).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/menu-pixel7.png` });
  await context.close();
});

test('the language switcher changes the language for a visitor, and the phone link opens in the uploader’s', async ({ browser, lang }) => {
  const context = await browser.newContext(lang);
  const page = await context.newPage();
  await page.goto('/sign-in');
  await expect(page.locator('html')).toHaveAttribute('lang', lang.locale);
  const other = lang.locale === 'en' ? 'zh-CN' : 'en';
  await page.getByTestId('locale-switcher').selectOption(other);
  await expect(page.locator('html')).toHaveAttribute('lang', other);
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('lang', other);
  await page.screenshot({ path: `${SHOTS}/sign-in-switched.png` });
  await context.close();

  const signer = await browser.newContext(lang);
  const phone = await signer.newPage();
  await phone.goto(`/s/AAAAAAAAAAAAAAAAAAAAAA?lang=${other}`);
  await expect(phone.locator('html')).toHaveAttribute('lang', other);
  await expect(phone.getByTestId('ceremony-error')).toHaveAttribute('data-code', 'TOKEN_UNKNOWN');
  await expect(phone.getByTestId('error-code')).toContainText('TOKEN_UNKNOWN');
  await signer.close();
});

test('the phone ceremony, before signing, after signing and for a broken link: lang, no raw keys, CSP and axe clean', async ({ browser, page, lang }) => {
  await createRequestOnDesktop(page, { name: 'Axe check.pdf', mimeType: 'application/pdf', buffer: samplePdf('axe check') }, 'Ada Lovelace', lang.locale);
  const url = await scanQr(page);
  const phone = await openPhone(browser, lang);
  await checkPage(phone.page, url, lang.locale, 'phone-ceremony-axe');
  await expect(phone.page.getByTestId('document-check')).toHaveAttribute('data-phase', 'match');
  await phone.page.getByTestId('sign-button').click();
  await expect(phone.page.getByTestId('signed')).toBeVisible();
  const axe = await new AxeBuilder({ page: phone.page }).withTags(['wcag2a', 'wcag2aa']).analyze();
  expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id), 'axe after signing').toEqual([]);
  await checkPage(phone.page, '/s/AAAAAAAAAAAAAAAAAAAAAA', lang.locale, 'phone-broken-link-axe');
  await phone.context.close();
});

import { readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { devices, type Page } from '@playwright/test';
import type { EvidenceBundle } from '../lib/evidence/evidence-format';
import { flipBundle } from '../test/support/flip-bundle';
import { samplePdf, sha256hex } from './fixtures/people';
import { csrfHeaders, expect, staffContext, test } from './fixtures/staff';

/**
 * /verify as anyone uses it: not signed in, the page loaded, then the network cut
 * (context.setOffline) before the files are dropped, so every check provably runs in the browser.
 * The bundle is a real one with every member (test/fixtures/evidence-pkijs-countersignature).
 */
const FIXTURE = 'test/fixtures/evidence-pkijs-countersignature';
const bundle = JSON.parse(readFileSync(path.join(FIXTURE, 'bundle.json'), 'utf8')) as EvidenceBundle;
const contract = readFileSync(path.join(FIXTURE, 'contract.pdf'));
const SHOTS = process.env.SHOTS_DIR ?? 'test-results/screens';

const json = (name: string, value: unknown) => ({ name, mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(value)) });
const pdf = (name: string, bytes: Buffer) => ({ name, mimeType: 'application/pdf', buffer: bytes });

async function drop(page: Page, files: { name: string; mimeType: string; buffer: Buffer }[]): Promise<void> {
  await page.getByTestId('verify-input').setInputFiles(files);
}

test('anyone verifies a bundle and its document in the browser, offline: all ticks, then each tampering named', async ({ browser, lang, t }) => {
  const shots = path.join(SHOTS, lang.locale);
  await mkdir(shots, { recursive: true });
  for (const device of [{ name: 'desktop', use: {} }, { name: 'phone', use: devices['Pixel 7'] }]) {
    const context = await browser.newContext({ ...device.use, ...lang });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(e.message));
    await page.goto('/verify');
    await expect(page.getByRole('heading', { name: t('verify.title') })).toBeVisible();
    const axe = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
    expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);

    await context.setOffline(true);
    await drop(page, [json('signet-evidence.json', bundle), pdf('contract.pdf', contract)]);
    const result = page.getByTestId('verify-result');
    await expect(result).toHaveAttribute('data-ok', 'true');
    await expect(page.getByTestId('verify-verdict')).toHaveText(t('verify.verified'));
    const checks = page.locator('[data-testid=verify-checks] li');
    expect(await checks.count()).toBeGreaterThan(20);
    await expect(page.locator('[data-testid=verify-checks] li[data-ok=false]')).toHaveCount(0);
    await expect(page.locator('li[data-check="document"]')).toHaveAttribute('data-ok', 'true');
    await expect(page.locator('li[data-check="countersignature timestamp-token"]')).toHaveAttribute('data-ok', 'true');
    await expect(page.locator('li[data-check="ledger inclusion proof"]')).toHaveAttribute('data-ok', 'true');
    if (device.name === 'desktop') {
      const axeResult = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
      expect(axeResult.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);
    }
    await page.screenshot({ path: `${shots}/${device.name}-verify-ok.png`, fullPage: true });

    // The signature flipped: the verdict names the passkey signature, in people's words.
    const { bundle: tampered } = flipBundle(bundle, contract, 'signature');
    await drop(page, [json('tampered.json', tampered)]);
    await expect(result).toHaveAttribute('data-ok', 'false');
    await expect(page.getByTestId('verify-verdict')).toHaveText(t('verify.notVerified'));
    await expect(page.getByTestId('verify-first-failure')).toHaveText(
      t('verify.failedBecause', { check: t('verify.checks.signature.title'), reason: t('verify.checks.signature.bad') }),
    );
    await expect(page.locator('li[data-check="signature"]')).toHaveAttribute('data-ok', 'false');
    await page.screenshot({ path: `${shots}/${device.name}-verify-tampered.png`, fullPage: true });

    // The right bundle again, but another document.
    const { document: otherDocument } = flipBundle(bundle, contract, 'document');
    await drop(page, [json('signet-evidence.json', bundle), pdf('contract.pdf', otherDocument)]);
    await expect(page.getByTestId('verify-first-failure')).toHaveText(
      t('verify.failedBecause', { check: t('verify.checks.document.title'), reason: t('verify.checks.document.bad') }),
    );
    await expect(page.locator('[data-testid=verify-checks] li[data-ok=false]')).toHaveCount(1);
    expect(problems).toEqual([]);
    await context.close();
  }
});

test('a visitor from the certificate QR is told how to get the bundle; no evidence is fetched for them', async ({ browser, lang, t }) => {
  const context = await browser.newContext(lang);
  const page = await context.newPage();
  const record = bundle.record.id;
  await page.goto(`/verify?request=${bundle.record.requestId}&record=${record}`);
  await expect(page.getByTestId('verify-from-qr')).toContainText(t('verify.fromQr'));
  await expect(page.getByTestId('verify-from-qr')).toContainText(`signet-evidence-${record}.json`);
  await expect(page.getByTestId('verify-fetch')).toHaveCount(0);
  await page.screenshot({ path: path.join(SHOTS, lang.locale, 'desktop-verify-from-qr.png'), fullPage: true });
  await context.close();
});

test('staff drop a document on /verify: it is fingerprinted in the browser and its requests are listed, linked; the original downloads from the request page', async ({ page, browser, lang, t }) => {
  const shots = path.join(SHOTS, lang.locale);
  await mkdir(shots, { recursive: true });
  const headers = await csrfHeaders(page.context());
  const pdf = samplePdf(`Lookup ${lang.locale} ${Date.now()}`);
  const title = lang.locale === 'zh-CN' ? `采购合同 ${Date.now()}` : `Purchase contract ${Date.now()}`;
  const doc = (await (await page.request.post('/api/documents', { headers: { ...headers, 'content-type': 'application/pdf', 'x-signet-sha256': sha256hex(pdf), 'x-signet-filename': 'purchase.pdf' }, data: pdf })).json()) as { id: string };
  const created = (await (await page.request.post('/api/requests', { headers, data: { documentId: doc.id, title, documentType: 'contract', signerName: 'Ada Lovelace' } })).json()) as { request: { id: string } };

  for (const device of [{ name: 'desktop', use: {} }, { name: 'phone', use: devices['Pixel 7'] }]) {
    const context = await staffContext(browser, { ...device.use, ...lang });
    const p = await context.newPage();
    await p.goto('/verify');
    await expect(p.getByTestId('verify-lookup')).toBeVisible();
    await p.getByTestId('verify-lookup-input').setInputFiles({ name: 'purchase.pdf', mimeType: 'application/pdf', buffer: pdf });
    const result = p.getByTestId('verify-lookup-result');
    await expect(result).toContainText(sha256hex(pdf));
    const link = result.getByRole('link', { name: title });
    await expect(link).toHaveAttribute('href', `/requests/${created.request.id}`);
    await p.screenshot({ path: `${shots}/${device.name}-verify-lookup.png`, fullPage: true });
    // An unknown file: nothing listed, said in words.
    await p.getByTestId('verify-lookup-input').setInputFiles({ name: 'other.pdf', mimeType: 'application/pdf', buffer: samplePdf(`never uploaded ${Date.now()}`) });
    await expect(p.getByTestId('verify-lookup-none')).toHaveText(t('verify.lookup.none'));
    await context.close();
  }

  // The original, byte for byte, from the request page.
  await page.goto(`/requests/${created.request.id}`);
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-original').click()]);
  const saved = await download.path();
  expect(sha256hex(readFileSync(saved))).toBe(sha256hex(pdf));
  await expect(page.getByTestId('download-original')).toHaveText(t('request.downloadOriginal'));

  // A visitor (not signed in) sees no lookup, and the lookup route refuses them.
  const visitor = await browser.newContext(lang);
  const v = await visitor.newPage();
  await v.goto('/verify');
  await expect(v.getByTestId('verify-lookup')).toHaveCount(0);
  expect((await v.request.get(`/api/documents/${sha256hex(pdf)}/requests`)).status()).toBe(401);
  expect((await v.request.get(`/api/requests/${created.request.id}/document`)).status()).toBe(401);
  await visitor.close();

  // The operation log names the request by its title, linked, next to the download.
  await page.goto(`/operations?${new URLSearchParams({ action: 'document.download' })}`);
  const row = page.getByTestId('operation-row').filter({ hasText: title }).first();
  await expect(row.getByRole('link', { name: new RegExp(title) })).toHaveAttribute('href', `/requests/${created.request.id}`);
  await page.screenshot({ path: `${shots}/desktop-operations-labels.png` });
});

import { execFile } from 'node:child_process';
import { mkdir, readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import AxeBuilder from '@axe-core/playwright';
import { devices, type Page } from '@playwright/test';
import { parse as parseCsv } from 'csv-parse/sync';
import { samplePdf, sha256hex } from './fixtures/people';
import { csrfHeaders, expect, staffContext, test } from './fixtures/staff';

const run = promisify(execFile);
let SHOTS = 'test-results/screens';

test.beforeAll(async ({}, testInfo) => {
  SHOTS = `test-results/screens/${testInfo.project.name}`;
  await mkdir(SHOTS, { recursive: true });
});

/** No serious or critical axe finding on the page as it stands. */
async function expectAxeClean(page: Page, what: string): Promise<void> {
  const axe = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
  const serious = axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(serious, `axe on ${what}`).toEqual([]);
}

const rowTitles = (page: Page) => page.getByTestId('requests-table').locator('tbody tr td:first-child a').allInnerTexts();

test('an auditor finds records by several criteria, keeps them in the URL, and exports CSV and a PDF report', async ({ page, context, browser, lang, t }, testInfo) => {
  test.setTimeout(300_000);
  // Three requests through the API, tagged so this run's rows are told apart from others'.
  const tag = `h${Date.now().toString(36)}${lang.locale === 'en' ? 'e' : 'z'}`;
  const headers = await csrfHeaders(context);
  const make = async (title: string, documentType: string, signerName: string) => {
    const pdf = samplePdf(title);
    const doc = await page.request.post('/api/documents', { headers: { ...headers, 'content-type': 'application/pdf', 'x-signet-sha256': sha256hex(pdf) }, data: pdf });
    expect(doc.status()).toBe(201);
    const { id } = (await doc.json()) as { id: string };
    const made = await page.request.post('/api/requests', { headers, data: { documentId: id, title, documentType, signerName } });
    expect(made.status()).toBe(201);
  };
  const chinese = `劳动合同书 ${tag}`;
  await page.goto('/requests');
  await make(chinese, 'contract', '张三');
  await make(`Supplier invoice ${tag}`, 'invoice', 'Bob Builder');
  await make(`Supplier contract ${tag}`, 'contract', 'Carol');

  await page.goto('/requests');
  await expect(page.locator('h1')).toHaveText(t('requests.title'));
  await expectAxeClean(page, 'the history page');

  // Search text, type and signer together, through the form.
  const form = page.getByTestId('history-filters');
  await form.getByLabel(t('printed.report.filter.q')).fill(tag);
  await form.getByLabel(t('printed.report.filter.documentType')).selectOption('contract');
  await page.getByRole('button', { name: t('history.apply') }).click();
  await page.waitForURL(/documentType=contract/);
  expect((await rowTitles(page)).sort()).toEqual([`Supplier contract ${tag}`, chinese].sort());
  await form.getByLabel(t('printed.report.filter.signer')).fill('张');
  await page.getByRole('button', { name: t('history.apply') }).click();
  await page.waitForURL(/signer=/);
  expect(await rowTitles(page)).toEqual([chinese]);

  // A preset narrows to today; the back button returns to the view before it.
  await page.getByTestId('preset-today').click();
  await page.waitForURL(/createdFrom=/);
  // The server-rendered state: the chip is active and the date fields show the range.
  await expect(page.getByTestId('preset-today')).toHaveClass(/active/);
  await expect(form.getByLabel(t('printed.report.filter.createdFrom'))).not.toHaveValue('');
  expect(await rowTitles(page)).toEqual([chinese]);
  await page.screenshot({ path: `${SHOTS}/desktop-history-filtered.png`, fullPage: true });
  await expectAxeClean(page, 'the filtered history');
  await page.goBack();
  await expect(page.getByTestId('preset-today')).not.toHaveClass(/active/);
  await expect(form.getByLabel(t('printed.report.filter.createdFrom'))).toHaveValue('');
  await expect(form.getByLabel(t('printed.report.filter.q'))).toHaveValue(tag);

  // A shared link opens the same view; the sort applies.
  const shared = `/requests?q=${encodeURIComponent(`Supplier ${tag}`)}&sort=title`;
  await page.goto(shared);
  expect(await rowTitles(page)).toEqual([`Supplier contract ${tag}`, `Supplier invoice ${tag}`]);

  // Exports carry the filters: CSV parses back, the PDF report's text has the Chinese title.
  await page.goto(`/requests?q=${encodeURIComponent(tag)}&documentType=contract`);
  const [csvDownload] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()]);
  const csvPath = testInfo.outputPath('history.csv');
  await csvDownload.saveAs(csvPath);
  const rows = parseCsv(await readFile(csvPath), { columns: true }) as Record<string, string>[];
  expect(rows.map((r) => r.title).sort()).toEqual([`Supplier contract ${tag}`, chinese].sort());
  const [pdfDownload] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-pdf').click()]);
  const pdfPath = testInfo.outputPath('history.pdf');
  await pdfDownload.saveAs(pdfPath);
  const { stdout } = await run('pdftotext', ['-layout', pdfPath, '-']);
  expect(stdout).toContain(chinese);
  expect(stdout).toContain(`Supplier contract ${tag}`);
  expect(stdout).not.toContain(`Supplier invoice ${tag}`);

  // A bad value is reported by its field, not crashed on.
  await page.goto('/requests?sha256=xyz&createdFrom=2026-03-05&createdTo=2026-03-01');
  await expect(page.getByTestId('bad-filters')).toHaveAttribute('data-fields', 'sha256 createdTo');

  // The same filtered view on a phone.
  const mobile = await staffContext(browser, { ...devices['Pixel 7'], ...lang });
  const phone = await mobile.newPage();
  await phone.goto(`/requests?q=${encodeURIComponent(tag)}&documentType=contract`);
  await expect(phone.getByTestId('requests-table')).toBeVisible();
  expect((await rowTitles(phone)).sort()).toEqual([`Supplier contract ${tag}`, chinese].sort());
  await phone.screenshot({ path: `${SHOTS}/phone-history.png`, fullPage: true });
  await expectAxeClean(phone, 'the history on a phone');
  await mobile.close();
});

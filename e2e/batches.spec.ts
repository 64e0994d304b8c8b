import { execFile } from 'node:child_process';
import { mkdir, readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import AxeBuilder from '@axe-core/playwright';
import { devices, type Page } from '@playwright/test';
import { readSheet } from '../lib/batches/sheet-test-support';
import { SHEET, blockQrBox, coverQrBox } from '../lib/batches/sheet-layout';
import { openPhone, samplePdf, sha256hex } from './fixtures/people';
import { csrfHeaders, expect, staffContext, test } from './fixtures/staff';

const run = promisify(execFile);
let SHOTS = 'test-results/screens';

test.beforeAll(async ({}, testInfo) => {
  SHOTS = `test-results/screens/${testInfo.project.name}`;
  await mkdir(SHOTS, { recursive: true });
});

async function axeClean(page: Page, what: string): Promise<void> {
  const axe = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
  const serious = axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(serious, `axe on ${what}`).toEqual([]);
}

const PRIORITY_OF = (i: number): string => ['normal', 'urgent', 'low', 'high', 'normal'][i % 5]!;
const RANK: Record<string, number> = { urgent: 0, high: 1, normal: 2, low: 3 };

test('a 20-document batch: upload with mixed priorities, reorder by keyboard, print the sheet and decode every QR, see a signing live', async ({ browser, page, lang, t }, testInfo) => {
  test.setTimeout(240_000);
  const run_ = `${lang.locale}-${Date.now()}`;
  const files = Array.from({ length: 20 }, (_, i) => ({
    name: i === 0 ? `劳动合同-${run_}.pdf` : `doc-${String(i + 1).padStart(2, '0')}-${run_}.pdf`,
    mimeType: 'application/pdf',
    buffer: samplePdf(`Batch document ${i + 1} ${run_}`),
  }));

  await page.goto('/batches');
  await page.getByTestId('new-batch').click();
  await page.waitForURL(/\/batches\/new$/);
  await page.getByTestId('batch-name').fill(lang.locale === 'zh-CN' ? `三月入职文件 ${run_}` : `March onboarding ${run_}`);
  await page.getByTestId('batch-files').setInputFiles(files);
  const rows = page.getByTestId('batch-item');
  await expect(rows).toHaveCount(20);
  await expect(page.locator('[data-testid="batch-item"][data-phase="ready"]')).toHaveCount(20, { timeout: 60_000 });
  await expect(page.getByTestId('batch-overall')).toContainText(t('batches.overall', { done: 20, total: 20 }));
  for (let i = 0; i < 20; i++) await rows.nth(i).getByTestId('batch-priority').selectOption(PRIORITY_OF(i));
  await rows.nth(0).getByTestId('batch-title').fill('劳动合同（张伟）');

  // Keyboard reordering: the 10th document's handle, two steps up, then the first to the very end.
  const tenth = files[9]!.name;
  await page.locator(`[data-file="${tenth}"]`).getByTestId('batch-handle').focus();
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('ArrowUp');
  await expect(page.locator(`[data-file="${tenth}"]`).getByTestId('batch-position')).toHaveText('8');
  await expect(page.locator(`[data-file="${tenth}"]`).getByTestId('batch-handle')).toBeFocused();
  await expect(page.getByTestId('batch-announce')).not.toBeEmpty();
  const order = await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-file')!));
  expect(order.indexOf(tenth)).toBe(7);
  await page.getByTestId('batch-signer-name').fill('Ada Lovelace');
  // With an e-mail the signer is one person across the batch: one queue QR on the cover.
  await page.getByTestId('batch-signer-email').fill(`ada+${run_}@example.com`);
  await page.screenshot({ path: `${SHOTS}/batch-new-desktop.png`, fullPage: true });
  await axeClean(page, '/batches/new');

  await page.getByTestId('create-batch').click();
  await page.waitForURL(/\/batches\/[0-9a-f-]{36}$/, { timeout: 60_000 });
  const batchId = page.url().split('/').pop()!;
  await expect(page.getByTestId('count-total')).toHaveAttribute('data-value', '20');
  await expect(page.getByTestId('count-waiting')).toHaveAttribute('data-value', '20');
  await expect(page.getByTestId('batch-live')).toHaveAttribute('data-live', 'true');

  // Signing order on the page: priority, then the order chosen on the upload page.
  const expected = order.map((file, position) => ({ file, position, priority: PRIORITY_OF(files.findIndex((f) => f.name === file)) })).sort((a, b) => RANK[a.priority]! - RANK[b.priority]! || a.position - b.position);
  const shown = page.getByTestId('batch-document');
  await expect(shown).toHaveCount(20);
  expect(await shown.evaluateAll((els) => els.map((e) => e.getAttribute('data-priority')))).toEqual(expected.map((e) => e.priority));
  const names = await shown.evaluateAll((els) => els.map((e) => e.querySelector('.small.muted')?.textContent ?? ''));
  expected.forEach((e, i) => expect(names[i]).toContain(e.file));
  await page.screenshot({ path: `${SHOTS}/batch-page-desktop.png`, fullPage: true });
  await axeClean(page, '/batches/[id]');

  // The printed sheet: every QR decoded from pdftoppm's pixels, the Chinese title as text.
  const downloadPromise = page.waitForEvent('download');
  await page.getByTestId('batch-sheet').click();
  const download = await downloadPromise;
  const sheetPath = testInfo.outputPath('sheet.pdf');
  await download.saveAs(sheetPath);
  const sheet = readSheet(new Uint8Array(await readFile(sheetPath)));
  let firstUrl = '';
  try {
    expect(sheet.pages).toBe(1 + Math.ceil(20 / SHEET.blocksPerPage));
    const [queue] = sheet.decode(1, [coverQrBox(0)]);
    expect(queue).toMatch(/\/q\/[A-Za-z0-9_-]{16,}$/);
    const blocks: (string | null)[] = [];
    for (let p = 0; p < 20 / SHEET.blocksPerPage; p++) blocks.push(...sheet.decode(2 + p, [0, 1, 2, 3].map(blockQrBox)));
    expect(blocks.filter((b) => b && /\/s\/[A-Za-z0-9_-]{22}\?lang=/.test(b))).toHaveLength(20);
    expect(new Set(blocks).size).toBe(20);
    expect(sheet.text).toContain('劳动合同（张伟）');
    firstUrl = blocks[0]!;
  } finally {
    sheet.dispose();
  }

  // The first document in signing order, signed on a phone from its printed QR: the batch page follows live.
  const phone = await openPhone(browser, lang);
  await phone.page.goto(firstUrl);
  await expect(phone.page.getByTestId('document-check')).toHaveAttribute('data-phase', 'match');
  await phone.page.getByTestId('sign-button').click();
  await expect(phone.page.getByTestId('signed')).toBeVisible();
  await phone.context.close();
  await expect(page.getByTestId('count-signed')).toHaveAttribute('data-value', '1');
  await expect(page.getByTestId('count-waiting')).toHaveAttribute('data-value', '19');
  await expect(shown.first()).toHaveAttribute('data-status', 'signed');
  await page.screenshot({ path: `${SHOTS}/batch-page-live-desktop.png`, fullPage: true });

  // The evidence ZIP now holds that one bundle, and it verifies offline.
  const zipPromise = page.waitForEvent('download');
  await page.getByTestId('batch-zip').click();
  const zipPath = testInfo.outputPath('evidence.zip');
  await (await zipPromise).saveAs(zipPath);
  const listed = (await run('unzip', ['-Z1', zipPath])).stdout.trim().split('\n');
  expect(listed).toHaveLength(1);
  expect(listed[0]).toMatch(new RegExp(`^001-.+-${await shown.first().getAttribute('data-request')}\\.json$`));
  const dir = testInfo.outputPath('unzipped');
  await run('unzip', ['-q', '-d', dir, zipPath]);
  await run('node_modules/.bin/tsx', ['cli/verify.ts', `${dir}/${listed[0]}`]);

  // A QR on demand for one waiting document.
  await shown.nth(1).getByTestId('document-qr-toggle').click();
  await expect(shown.nth(1).getByTestId('document-qr').locator('svg')).toBeVisible();

  // The same pages at phone width.
  const small = await staffContext(browser, { ...devices['Pixel 7'], ...lang });
  const phonePage = await small.newPage();
  for (const [path, shot] of [[`/batches/${batchId}`, 'batch-page'], ['/batches', 'batches-list'], ['/batches/new', 'batch-new']] as const) {
    await phonePage.goto(path);
    await phonePage.waitForLoadState('networkidle');
    await phonePage.screenshot({ path: `${SHOTS}/${shot}-pixel7.png`, fullPage: true });
    expect(await phonePage.evaluate(() => document.documentElement.scrollWidth), `width of ${path}`).toBeLessThanOrEqual(412);
  }
  await small.close();

  // Extend, then cancel the whole batch from its page: the signed document stays signed, the rest end.
  await page.goto(`/batches/${batchId}`);
  const expiryBefore = ((await (await page.request.get(`/api/batches/${batchId}`)).json()) as { expiresAt: string }).expiresAt;
  await page.getByTestId('batch-extend-open').click();
  await page.getByTestId('batch-extend-days').selectOption('14');
  await page.getByTestId('batch-extend-confirm').click();
  await expect(page.getByTestId('batch-extend-open')).toBeVisible();
  const expiryAfter = ((await (await page.request.get(`/api/batches/${batchId}`)).json()) as { expiresAt: string }).expiresAt;
  expect(Date.parse(expiryAfter)).toBeGreaterThan(Date.parse(expiryBefore));
  await page.getByTestId('batch-cancel-open').click();
  await expect(page.getByTestId('batch-cancel-confirm')).toBeDisabled();
  await page.getByTestId('batch-cancel-reason').fill('Wrong versions attached');
  await page.getByTestId('batch-cancel-confirm').click();
  await expect(page.getByTestId('batch-cancelled')).toContainText('Wrong versions attached');
  await expect(shown.first()).toHaveAttribute('data-status', 'signed');
  await expect(shown.nth(1)).toHaveAttribute('data-status', 'cancelled');
  await expect(page.getByTestId('batch-extend-open')).toHaveCount(0);

  await page.goto('/batches');
  await expect(page.getByTestId('batches-table')).toContainText(lang.locale === 'zh-CN' ? '三月入职文件' : 'March onboarding');
  await page.screenshot({ path: `${SHOTS}/batches-list-desktop.png`, fullPage: true });
});

test('a CSV manifest with bad lines: each line shown in people\'s words, nothing created', async ({ page, t }) => {
  const before = (await (await page.request.get('/api/batches?limit=200')).json()) as unknown[];
  await page.goto('/batches/new');
  await page.getByTestId('batch-name').fill('Manifest check');
  await page.getByTestId('batch-files').setInputFiles(['a.pdf', 'b.pdf'].map((name) => ({ name, mimeType: 'application/pdf', buffer: samplePdf(`${name} ${Date.now()}`) })));
  await expect(page.locator('[data-testid="batch-item"][data-phase="ready"]')).toHaveCount(2, { timeout: 30_000 });
  await page.getByTestId('mode-manifest').check();
  const csv = (body: string) => ({ name: 'manifest.csv', mimeType: 'text/csv', buffer: Buffer.from(body) });

  await page.getByTestId('manifest-input').setInputFiles(csv('file,title,type,priority,email\na.pdf,A,hr,low,a@example.com\n'));
  await expect(page.getByTestId('manifest-problem')).toHaveText([t('batches.problem.missingColumns', { columns: '“signer name”' })]);

  const header = 'file,title,type,priority,signer name,email\n';
  await page.getByTestId('manifest-input').setInputFiles(csv(`${header}a.pdf,A,hr,low,Ada,a@example.com\nghost.pdf,G,hr,low,Ada,a@example.com\na.pdf,A again,hr,low,Ada,a@example.com\nb.pdf,"=HYPERLINK(""http://x"")",hr,low,Ada,a@example.com\n`));
  await expect(page.getByTestId('manifest-problem')).toHaveText([
    t('batches.problem.unknownFile', { line: 3, file: 'ghost.pdf' }),
    t('batches.problem.duplicate', { line: 4, file: 'a.pdf', first: 2 }),
    t('batches.problem.formula', { line: 5, column: 'title', value: '=HYPERLINK("http://x' }),
  ]);
  await page.screenshot({ path: `${SHOTS}/batch-manifest-problems-desktop.png`, fullPage: true });
  await page.getByTestId('create-batch').click();
  await expect(page.getByTestId('batch-error')).toBeVisible();
  expect(page.url()).toMatch(/\/batches\/new$/);

  // Nothing was created.
  const after = (await (await page.request.get('/api/batches?limit=200')).json()) as unknown[];
  expect(after.length).toBe(before.length);

  // A good manifest applies titles and priorities to the rows.
  await page.getByTestId('manifest-input').setInputFiles(csv(`${header}a.pdf,租赁合同,contract,urgent,Ada,a@example.com\nb.pdf,NDA,contract,low,Grace,\n`));
  await expect(page.getByTestId('manifest-ok')).toBeVisible();
  await expect(page.locator('[data-file="a.pdf"]').getByTestId('batch-title')).toHaveValue('租赁合同');
  await expect(page.locator('[data-file="a.pdf"]').getByTestId('batch-priority')).toHaveValue('urgent');
});

test('the API refuses bad batches with a clear code and changes nothing', async ({ page, context }) => {
  const headers = await csrfHeaders(context);
  const count = async () => ((await (await page.request.get('/api/batches?limit=200')).json()) as unknown[]).length;
  await page.goto('/batches');
  const before = await count();
  const post = (body: unknown) => page.request.post('/api/batches', { headers, data: body });
  const code = async (res: Awaited<ReturnType<typeof post>>) => ((await res.json()) as { error: { code: string } }).error.code;
  const id = '00000000-0000-4000-8000-000000000000';
  const many = Array.from({ length: 501 }, (_, i) => ({ documentId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, documentType: 'hr' }));
  expect(await code(await post({ name: 'too many', signers: [{ name: 'Ada' }], documents: many }))).toBe('BATCH_TOO_LARGE');
  expect(await code(await post({ name: 'empty', signers: [{ name: 'Ada' }], documents: [] }))).toBe('BATCH_EMPTY');
  const upload = await page.request.post('/api/documents', {
    headers: { ...headers, 'content-type': 'application/pdf', 'x-signet-filename': 'p.pdf', 'x-signet-sha256': sha256hex(samplePdf('priority check')) },
    data: samplePdf('priority check'),
  });
  const doc = (await upload.json()) as { id: string };
  expect(await code(await post({ name: 'bad priority', signers: [{ name: 'Ada' }], documents: [{ documentId: doc.id, documentType: 'hr', priority: 'asap' }] }))).toBe('PRIORITY_UNKNOWN');
  expect(await count()).toBe(before);

  // Reordering a complete batch: one document, declined, so nothing is left to wait for.
  const made = (await (await post({ name: 'to complete', signers: [{ name: 'Ada' }], documents: [{ documentId: doc.id, documentType: 'hr' }] })).json()) as { batch: { id: string }; requests: { request: { id: string }; token: string }[] };
  const decline = await page.request.post(`/api/ceremonies/${made.requests[0]!.token}/decline`, { data: { reason: 'not mine' } });
  expect(decline.ok(), await decline.text()).toBe(true);
  const reorder = await page.request.post(`/api/batches/${made.batch.id}/reorder`, { headers, data: { order: [{ requestId: made.requests[0]!.request.id }] } });
  expect(reorder.status()).toBe(409);
  expect(await code(reorder)).toBe('BATCH_NOT_OPEN');
  expect(await code(await page.request.post(`/api/batches/${id}/sheet`, { headers }))).toBe('NOT_FOUND');
});

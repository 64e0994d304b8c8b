import { execFile } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { verifyAnyBundle } from '../lib/evidence/verify-evidence-v2';
import { E2E_DATA_DIR } from '../playwright.config';
import { openPhone, samplePdf, sha256hex } from './fixtures/people';
import { csrfHeaders, expect, test } from './fixtures/staff';

const run = promisify(execFile);
const SHOTS_ROOT = process.env.SHOTS_DIR ?? 'test-results/screens-batch-queue';
let SHOTS = SHOTS_ROOT;

test.beforeAll(async ({}, testInfo) => {
  SHOTS = `${SHOTS_ROOT}/${testInfo.project.name}`;
  await mkdir(SHOTS, { recursive: true });
});

async function expectAxeClean(page: Page, what: string): Promise<void> {
  const axe = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
  const serious = axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(serious, `axe on ${what}`).toEqual([]);
}

// Position order as sent; the phone must show them by priority, then position.
const DOCS = [
  { title: 'Supplier contract', priority: 'normal' },
  { title: '劳动合同（张三）', priority: 'urgent' },
  { title: 'Expense report March', priority: 'low' },
  { title: 'NDA Contoso', priority: 'high' },
  { title: 'Lease renewal', priority: 'urgent' },
  { title: 'Travel policy acknowledgement', priority: 'normal' },
  { title: 'Invoice 2026-031', priority: 'high' },
  { title: 'Changed after sending', priority: 'low' },
] as const;
const RANK = { urgent: 0, high: 1, normal: 2, low: 3 } as const;

test('the phone opens the batch queue, checks every document, declines one, and signs the rest with one passkey approval', async ({ browser, page, lang, t }, testInfo) => {
  test.setTimeout(240_000);
  const headers = await csrfHeaders(page.context());
  await page.goto('/');
  const pdfs = DOCS.map((d) => samplePdf(`${d.title.replace(/[^\x20-\x7e]/g, 'x')} ${Math.random()}`));
  const ids: string[] = [];
  for (const [i, pdf] of pdfs.entries()) {
    const up = await page.request.post('/api/documents', { headers: { ...headers, 'content-type': 'application/pdf', 'x-signet-sha256': sha256hex(pdf), 'x-signet-filename': `doc-${i}.pdf` }, data: pdf });
    expect(up.status()).toBe(201);
    ids.push(((await up.json()) as { id: string }).id);
  }
  const created = await page.request.post('/api/batches', {
    headers,
    data: {
      name: lang.locale === 'zh-CN' ? '三月入职文件' : 'March onboarding',
      signers: [{ name: lang.locale === 'zh-CN' ? '李雷' : 'Ada Lovelace', email: `ada.batch.${Date.now()}@example.com` }],
      documents: DOCS.map((d, i) => ({ documentId: ids[i], title: d.title, documentType: 'hr', priority: d.priority })),
      requestedBy: 'Acme HR',
    },
  });
  expect(created.status()).toBe(201);
  const batch = (await created.json()) as { batch: { id: string }; requests: { request: { id: string; title: string; document: { sha256: string } } }[]; signers: { queueUrl: string }[] };
  const byTitle = new Map(batch.requests.map((r) => [r.request.title, r.request]));

  // A document changed in storage after it was sent: the phone must catch it and block only that one.
  const tampered = byTitle.get('Changed after sending')!;
  await writeFile(path.join(E2E_DATA_DIR, 'blobs', tampered.document.sha256.slice(0, 2), tampered.document.sha256.slice(2, 4), tampered.document.sha256), samplePdf('swapped in storage'));

  const phone = await openPhone(browser, lang);
  await phone.page.goto(batch.signers[0]!.queueUrl);
  const expected = DOCS.map((d, i) => ({ ...d, i }))
    .sort((a, b) => RANK[a.priority] - RANK[b.priority] || a.i - b.i)
    .map((d) => d.title);
  await expect(phone.page.getByTestId('queue-item-title')).toHaveText(expected);
  await expect(phone.page.getByTestId('queue-progress')).toHaveAttribute('data-finished', String(DOCS.length), { timeout: 60_000 });
  await expect(phone.page.getByTestId('queue-progress')).toContainText(t('queue.checked', { done: DOCS.length, total: DOCS.length }));
  const item = (title: string) => phone.page.locator('[data-testid="queue-item"]', { has: phone.page.getByTestId('queue-item-title').getByText(title, { exact: true }) });
  await expect(item('Changed after sending')).toHaveAttribute('data-check', 'mismatch');
  await expect(item('Changed after sending').getByTestId('item-mismatch')).toContainText(t('queue.mismatchTitle'));
  await expect(phone.page.locator('[data-check="ok"]')).toHaveCount(DOCS.length - 1);
  await expect(item('Lease renewal')).toContainText(t('queue.priority.urgent'));
  await phone.page.screenshot({ path: `${SHOTS}/phone-queue-checked.png`, fullPage: true });
  await expectAxeClean(phone.page, 'the batch queue');

  // Decline one with a reason.
  await item('Expense report March').getByTestId('item-decline').click();
  await item('Expense report March').getByTestId('decline-reason').fill(lang.locale === 'zh-CN' ? '金额有误' : 'Wrong amounts');
  await item('Expense report March').getByTestId('decline-confirm').click();
  await expect(item('Expense report March')).toHaveAttribute('data-done', 'declined');

  // One approval over the 6 checked documents (the signer registers a passkey first, as on a single link).
  const signAll = phone.page.getByTestId('sign-all');
  await expect(signAll).toHaveText(t('queue.signAll', { count: DOCS.length - 2 }));
  await phone.page.screenshot({ path: `${SHOTS}/phone-queue-before-approval.png`, fullPage: true });
  await signAll.click();
  await expect(phone.page.locator('[data-done="signed"]')).toHaveCount(DOCS.length - 2, { timeout: 60_000 });
  await expect(item('Changed after sending')).toHaveAttribute('data-done', '');
  await phone.page.screenshot({ path: `${SHOTS}/phone-queue-signed.png`, fullPage: true });
  await expectAxeClean(phone.page, 'the batch queue after the approval');

  // Every signed document has its own record; each bundle verifies offline, and npm run verify agrees.
  const signed = DOCS.filter((d) => d.title !== 'Expense report March' && d.title !== 'Changed after sending');
  const ledger = new Set<number>();
  for (const d of signed) {
    const req = byTitle.get(d.title)!;
    const detail = (await (await page.request.get(`/api/requests/${req.id}`)).json()) as { status: string; recordId: string };
    expect(detail.status).toBe('signed');
    const bundle = (await (await page.request.get(`/api/records/${detail.recordId}/evidence`)).json()) as { statement: string; ledger: { index: number }; batch?: unknown };
    expect(bundle.batch).toBeDefined();
    ledger.add(bundle.ledger.index);
    const report = await verifyAnyBundle(bundle, { documentSha256: req.document.sha256 });
    expect(report.checks.filter((c) => !c.ok)).toEqual([]);
    if (d.title === 'Lease renewal') {
      const bundlePath = testInfo.outputPath('lease-evidence.json');
      const docPath = testInfo.outputPath('lease.pdf');
      await writeFile(bundlePath, JSON.stringify(bundle));
      await writeFile(docPath, pdfs[DOCS.findIndex((x) => x.title === d.title)]!);
      const { stdout } = await run('node_modules/.bin/tsx', ['cli/verify.ts', bundlePath, docPath]);
      expect(stdout).toContain(`✓ statement: canonical signet.batch-approval/v1: ${signed.length} documents`);
      expect(stdout).toContain('VERIFIED');
    }
  }
  expect(ledger.size).toBe(signed.length);
  const declined = (await (await page.request.get(`/api/requests/${byTitle.get('Expense report March')!.id}`)).json()) as { status: string };
  expect(declined.status).toBe('declined');
  const blocked = (await (await page.request.get(`/api/requests/${tampered.id}`)).json()) as { status: string };
  expect(blocked.status).toBe('pending');
  await phone.context.close();
});

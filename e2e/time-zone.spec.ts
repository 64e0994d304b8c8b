import type { Page, Response } from '@playwright/test';
import { E2E_ORIGIN } from '../playwright.config';
import { csrfHeaders, expect, test } from './fixtures/staff';

/**
 * A first visit shows local time from the first paint: the server cannot know the browser's zone
 * before the browser tells it, so the page's head sends it (cookie) and reloads once, hidden, when
 * the rendered zone was wrong. A later visit needs no reload at all.
 */
function documentResponses(page: Page): Response[] {
  const seen: Response[] = [];
  page.on('response', (r) => r.request().resourceType() === 'document' && seen.push(r));
  return seen;
}

test('a first visit from Shanghai never shows UTC: one hidden reload, then no reload on later visits', async ({ browser, page, lang }) => {
  const created = await page.request.post('/api/admin/invites', { headers: await csrfHeaders(page.context()), data: { name: 'Zone tester', roles: ['auditor'] } });
  expect(created.status()).toBe(201);
  const { url, expiresAt } = (await created.json()) as { url: string; expiresAt: string };

  // A visitor who has never been here: no cookies at all, in the zone most users live in.
  const visitor = await browser.newContext({ locale: lang.locale, timezoneId: 'Asia/Shanghai' });
  // Every paint of every document is recorded (sessionStorage survives the reload): what was on
  // screen, and whether it was visible.
  await visitor.addInitScript(() => {
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        const shown = document.documentElement.style.visibility !== 'hidden';
        const log = JSON.parse(sessionStorage.getItem('paints') ?? '[]') as unknown[];
        log.push({ name: entry.name, shown, utc: (document.body?.innerText ?? '').includes('(UTC)') });
        sessionStorage.setItem('paints', JSON.stringify(log));
      }
    }).observe({ type: 'paint', buffered: true });
  });
  const tab = await visitor.newPage();
  const documents = documentResponses(tab);
  await tab.goto(url);
  await expect(tab.locator('body')).toContainText('UTC+08:00');
  await expect(tab.locator('body')).not.toContainText('(UTC)');
  expect(documents.length, 'the first visit reloads once to render in the browser zone').toBe(2);
  const paints = JSON.parse((await tab.evaluate(() => sessionStorage.getItem('paints'))) ?? '[]') as { shown: boolean; utc: boolean }[];
  expect(paints.length).toBeGreaterThan(0);
  expect(paints.filter((p) => p.shown && p.utc), 'nothing in UTC was ever painted visibly').toEqual([]);
  expect(await tab.evaluate(() => (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).type)).toBe('reload');
  const shanghai = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(expiresAt));
  await expect(tab.locator('body')).toContainText(shanghai);

  // Second visit: the zone is known, the page is right the first time and carries no probe.
  documents.length = 0;
  await tab.goto(url);
  await expect(tab.locator('body')).toContainText('UTC+08:00');
  expect(documents.length).toBe(1);
  expect(await documents[0]!.text()).not.toContain("visibility='hidden'");
  expect((await visitor.cookies(E2E_ORIGIN)).find((c) => c.name === 'signet_tz')?.value).toBe(encodeURIComponent('Asia/Shanghai'));
  await visitor.close();
});

test('a browser that refuses cookies gets the UTC page with its zone label, not a reload loop', async ({ browser, page, lang }) => {
  const created = await page.request.post('/api/admin/invites', { headers: await csrfHeaders(page.context()), data: { name: 'No cookies', roles: ['auditor'] } });
  const { url } = (await created.json()) as { url: string };
  const visitor = await browser.newContext({ locale: lang.locale, timezoneId: 'Asia/Shanghai' });
  // The page cannot store its cookie (as with cookies blocked): document.cookie writes are dropped.
  await visitor.addInitScript(() => {
    Object.defineProperty(Document.prototype, 'cookie', { configurable: true, get: () => '', set: () => undefined });
  });
  const tab = await visitor.newPage();
  const documents = documentResponses(tab);
  await tab.goto(url);
  await tab.waitForLoadState('networkidle');
  await expect(tab.locator('body')).toContainText('(UTC)');
  expect(documents.length).toBe(1);
  await visitor.close();
});

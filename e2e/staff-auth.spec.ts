import { mkdir } from 'node:fs/promises';
import { devices } from '@playwright/test';
import { addPasskeyDevice, csrfHeaders, enrolThroughLink, expect, test } from './fixtures/staff';

let SHOTS = 'test-results/screens';

test.beforeAll(async ({}, testInfo) => {
  SHOTS = `test-results/screens/${testInfo.project.name}`;
  await mkdir(SHOTS, { recursive: true });
});

test('nobody signed in is sent to sign-in, and staff APIs answer 401', async ({ browser, lang, t }) => {
  const context = await browser.newContext(lang);
  const page = await context.newPage();
  await page.goto('/requests');
  await expect(page).toHaveURL(/\/sign-in$/);
  await expect(page.getByRole('button', { name: t('auth.signInButton') })).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/desktop-sign-in.png`, fullPage: true });
  const res = await page.request.get('/api/requests');
  expect(res.status()).toBe(401);
  expect((await res.json()).error.code).toBe('UNAUTHENTICATED');
  await context.close();
});

test('pages and API answers carry the security headers; page scripts run under a nonce CSP', async ({ page }) => {
  const res = await page.goto('/admin');
  const csp = res!.headers()['content-security-policy']!;
  const script = csp.split('; ').find((d) => d.startsWith('script-src '))!;
  expect(script).toMatch(/'nonce-[A-Za-z0-9+/=]+'/);
  expect(script).not.toContain('unsafe-inline');
  expect(csp).toContain("frame-ancestors 'none'");
  expect(res!.headers()['x-content-type-options']).toBe('nosniff');
  expect(res!.headers()['referrer-policy']).toBe('no-referrer');
  // The page is interactive under that policy (a client component answers).
  await expect(page.getByTestId('create-invite')).toBeEnabled();
  const api = await page.request.get('/api/health');
  expect(api.headers()['content-security-policy']).toContain("default-src 'none'");
  expect(api.headers()['x-content-type-options']).toBe('nosniff');
});

test('admin invites an uploader, who signs in on a second device, cannot open admin, and signs out everywhere', async ({ browser, page, lang, t }) => {
  // The admin (signed in through the first-start setup link) invites an uploader from the admin page.
  await page.goto('/admin');
  await page.getByLabel(t('admin.name'), { exact: true }).fill('Uma <script>alert(1)</script> Uploader');
  await page.getByTestId('create-invite').click();
  await expect(page.getByTestId('invite-created').locator('svg')).toBeVisible();
  const url = (await page.getByTestId('invite-url').innerText()).trim();
  expect(url).toMatch(/\/enrol\/iv_[A-Za-z0-9_-]{43}$/);
  await page.screenshot({ path: `${SHOTS}/desktop-admin.png`, fullPage: true });

  // The uploader enrols a passkey through the link on their laptop (first device).
  const laptop = await enrolThroughLink(browser, url, 'Uma laptop', lang);
  await expect(laptop.page.getByTestId('account-roles')).toHaveText(t('roles.uploader'));
  await expect(laptop.page.getByRole('heading', { level: 1 })).toHaveText('Uma <script>alert(1)</script> Uploader');
  await laptop.page.screenshot({ path: `${SHOTS}/desktop-account.png`, fullPage: true });

  // The link worked once.
  const again = await browser.newContext(lang);
  const againPage = await again.newPage();
  await againPage.goto(url);
  await expect(againPage.locator('.alert-danger')).toContainText('INVITE_USED');
  await again.close();

  // Second device: a phone holding the same (synced) passkey signs in.
  const { credentials } = await laptop.cdp.send('WebAuthn.getCredentials', { authenticatorId: laptop.authenticatorId });
  const phoneContext = await browser.newContext({ ...devices['Pixel 7'], ...lang });
  const phone = await phoneContext.newPage();
  const phoneDevice = await addPasskeyDevice(phoneContext, phone);
  for (const credential of credentials) await phoneDevice.cdp.send('WebAuthn.addCredential', { authenticatorId: phoneDevice.authenticatorId, credential });
  await phone.goto('/sign-in');
  await phone.screenshot({ path: `${SHOTS}/phone-sign-in.png`, fullPage: true });
  await phone.getByRole('button', { name: t('auth.signInButton') }).click();
  await phone.waitForURL((u) => u.pathname === '/');
  await expect(phone.getByRole('link', { name: t('nav.admin') })).toHaveCount(0);

  // An uploader cannot open admin: the page sends them away and the API refuses.
  await phone.goto('/admin');
  await expect(phone).toHaveURL(/\/account\?denied=1$/);
  await expect(phone.getByTestId('denied')).toBeVisible();
  await phone.screenshot({ path: `${SHOTS}/phone-account.png`, fullPage: true });
  const refused = await phone.request.get('/api/admin/users');
  expect(refused.status()).toBe(403);
  const csrfLess = await phone.request.post('/api/documents', { headers: { origin: 'https://evil.example' }, data: 'x' });
  expect((await csrfLess.json()).error.code).toBe('CSRF_REJECTED');

  // Sign out everywhere from the laptop ends the phone's session too.
  await laptop.page.goto('/account');
  await expect(laptop.page.getByTestId('sessions').locator('tbody tr')).toHaveCount(2);
  await laptop.page.getByRole('button', { name: t('nav.signOutEverywhere') }).click();
  await laptop.page.waitForURL(/\/sign-in$/);
  await phone.goto('/');
  await expect(phone).toHaveURL(/\/sign-in$/);
  const after = await phone.request.get('/api/requests', { headers: await csrfHeaders(phoneContext) });
  expect(after.status()).toBe(401);

  // The admin's own session is untouched.
  await page.goto('/admin');
  await expect(page.getByTestId('staff-table')).toContainText('Uma <script>alert(1)</script> Uploader');
  await laptop.context.close();
  await phoneContext.close();
});

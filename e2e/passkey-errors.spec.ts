import { mkdir } from 'node:fs/promises';
import AxeBuilder from '@axe-core/playwright';
import { E2E_METRICS_TOKEN } from '../playwright.config';
import { openPhone, samplePdf, sha256hex } from './fixtures/people';
import { csrfHeaders, expect, test } from './fixtures/staff';

/**
 * What the phone says when the passkey prompt fails, told apart as far as WebAuthn lets a page:
 * a returning signer on a new phone (no passkey for them on this device) gets the way forward
 * (another device's passkey, or a new one allowed by the sender); the same signer on the phone that
 * holds the passkey, whose device then does not verify them, gets "not confirmed". Then a
 * Prometheus scrape of /metrics counts those refusals.
 */
const SHOTS = process.env.PASSKEY_SHOTS ?? '/tmp/nm/shots';

test.beforeAll(async () => {
  await mkdir(SHOTS, { recursive: true });
});

test('a returning signer on a new phone is told the passkey is on another device; on their own phone a refused verification is told apart', async ({ browser, page, lang, t, request }) => {
  const tag = lang.locale === 'zh-CN' ? 'zh' : 'en';
  const email = `returning-${tag}-${Date.now()}@example.com`;
  const headers = await csrfHeaders(page.context());
  const ask = async (title: string): Promise<string> => {
    const pdf = samplePdf(`${title} ${tag} ${Date.now()}`);
    const up = await page.request.post('/api/documents', { headers: { ...headers, 'content-type': 'application/pdf', 'x-signet-sha256': sha256hex(pdf), 'x-signet-filename': 'contract.pdf' }, data: pdf });
    expect(up.status()).toBe(201);
    const created = await page.request.post('/api/requests', { headers, data: { documentId: ((await up.json()) as { id: string }).id, title, documentType: 'contract', signerName: 'Ada Lovelace', signerEmail: email } });
    expect(created.status()).toBe(201);
    return ((await created.json()) as { signUrl: string }).signUrl;
  };

  // First request: Ada creates her passkey on her own phone and signs.
  const own = await openPhone(browser, lang);
  await own.page.goto(await ask('First contract'));
  await expect(own.page.getByTestId('document-check')).toHaveAttribute('data-phase', 'match');
  await own.page.getByTestId('sign-button').click();
  await expect(own.page.getByTestId('signed')).toBeVisible();

  // Second request, opened on a new phone that has no passkey of hers.
  const second = await ask('Second contract');
  const fresh = await openPhone(browser, lang);
  await fresh.page.goto(second);
  await expect(fresh.page.getByTestId('document-check')).toHaveAttribute('data-phase', 'match');
  await fresh.page.getByTestId('sign-button').click();
  await expect(fresh.page.getByTestId('sign-error')).toHaveText(t('errors.passkeyNotOnDevice'));
  await fresh.page.screenshot({ path: `${SHOTS}/${tag}-phone-passkey-not-on-device.png`, fullPage: true });
  const axe = await new AxeBuilder({ page: fresh.page }).withTags(['wcag2a', 'wcag2aa']).analyze();
  expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')).toEqual([]);
  await fresh.context.close();

  // The same request on her own phone, whose screen lock does not verify her this time.
  await own.page.goto(second);
  await expect(own.page.getByTestId('document-check')).toHaveAttribute('data-phase', 'match');
  await own.cdp.send('WebAuthn.setUserVerified', { authenticatorId: own.authenticatorId, isUserVerified: false });
  await own.page.getByTestId('sign-button').click();
  const error = own.page.getByTestId('sign-error');
  await expect(error).toBeVisible();
  // Chrome refuses the prompt itself (NotAllowedError) or the server refuses the assertion (USER_VERIFICATION_REQUIRED): either way not "not on this device".
  await expect(error).not.toHaveText(t('errors.passkeyNotOnDevice'));
  expect([t('errors.passkeyCancelled'), t('errors.USER_VERIFICATION_REQUIRED')]).toContain((await error.innerText()).replace(/\s*(Error code|错误代码).*$/s, '').trim());
  await own.page.screenshot({ path: `${SHOTS}/${tag}-phone-passkey-not-verified.png`, fullPage: true });

  // Verified again, she signs the second request from her own phone.
  await own.cdp.send('WebAuthn.setUserVerified', { authenticatorId: own.authenticatorId, isUserVerified: true });
  await own.page.getByTestId('sign-button').click();
  await expect(own.page.getByTestId('signed')).toBeVisible();
  await own.context.close();

  // Prometheus scrapes /metrics with the token; without it, 401 in the error catalogue.
  const refused = await request.get('/metrics', { headers: { authorization: 'Bearer wrong-token-0123456789abcdefghij' } });
  expect(refused.status()).toBe(401);
  expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('UNAUTHENTICATED');
  const scrape = await request.get('/metrics', { headers: { authorization: `Bearer ${E2E_METRICS_TOKEN}` } });
  expect(scrape.status()).toBe(200);
  expect(scrape.headers()['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
  const text = await scrape.text();
  expect(text).toMatch(/^signet_signings_total\{outcome="ok",code=""\} [1-9]\d*$/m);
  expect(text).toMatch(/^signet_http_requests_total\{route="request\.create",method="POST",status="201"\} [1-9]\d*$/m);
  expect(text).toMatch(/^signet_certificate_days_left\{kind="signing"\} \d+$/m);
  expect(text).toMatch(/^signet_signing_requests\{status="signed"\} [1-9]\d*$/m);
});

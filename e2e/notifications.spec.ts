import { mkdir } from 'node:fs/promises';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { devices, type Page } from '@playwright/test';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { Webhook } from 'standardwebhooks';
import { smtpReceiver, type ReceivedMail, type SmtpReceiver } from '../test/support/smtp-receiver';
import { openPhone, samplePdf, sha256hex } from './fixtures/people';
import { csrfHeaders, expect, staffContext, test } from './fixtures/staff';

/**
 * Notifications as people meet them: the signer gets the invitation e-mail (link and QR), opens the
 * link on a Pixel 7 and signs; the uploader gets "signed"; an integrator's webhook endpoint gets
 * both events signed per Standard Webhooks. Needs E2E_SMTP_PORT (playwright.config.ts).
 */
const SMTP_PORT = Number(process.env.E2E_SMTP_PORT ?? 0);
const SHOTS = process.env.NOTIFY_SHOTS ?? 'test-results/screens/notifications';
let smtp: SmtpReceiver;
let hooks: { headers: IncomingHttpHeaders; body: string }[] = [];
let hookServer: Server;
let hookUrl = '';

test.skip(!SMTP_PORT, 'set E2E_SMTP_PORT to run the e-mail journeys');

test.beforeAll(async () => {
  await mkdir(SHOTS, { recursive: true });
  smtp = await smtpReceiver(SMTP_PORT);
  hookServer = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      hooks.push({ headers: req.headers, body });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => hookServer.listen(0, '127.0.0.1', r));
  hookUrl = `http://127.0.0.1:${(hookServer.address() as AddressInfo).port}/signet`;
});

test.afterAll(async () => {
  await smtp?.stop();
  await new Promise<void>((r) => hookServer?.close(() => r()));
});

async function mailTo(address: string, subject: RegExp): Promise<ReceivedMail> {
  let found: ReceivedMail | undefined;
  await expect.poll(() => (found = smtp.mails.find((m) => m.envelopeTo.includes(address) && subject.test(m.parsed.subject ?? ''))), { timeout: 30_000 }).toBeTruthy();
  return found!;
}

/** The e-mail as a mail client shows it: its HTML with the inline QR, in a phone-sized and a desktop-sized window. */
async function renderMail(page: Page, mail: ReceivedMail, file: string): Promise<void> {
  let html = mail.parsed.html || '';
  for (const a of mail.parsed.attachments) html = html.replaceAll(`cid:${a.cid}`, `data:${a.contentType};base64,${a.content.toString('base64')}`);
  await page.setContent(html);
  await page.screenshot({ path: `${SHOTS}/${file}`, fullPage: true });
}

test('the signer is invited by e-mail, signs from its link on a phone, the uploader hears “signed”, and the webhook gets both events', async ({ browser, page, lang, t }) => {
  const tag = lang.locale === 'zh-CN' ? 'zh' : 'en';
  const signer = `signer-${tag}-${Date.now()}@example.com`;
  const me = `uploader-${tag}@example.com`;
  hooks = [];

  // The uploader's own address, on the account page.
  await page.goto('/account');
  await page.locator('#notify-email').fill(me);
  await page.getByRole('button', { name: t('notifications.save') }).click();
  await expect(page.getByTestId('notify-email').getByRole('status')).toHaveText(t('notifications.saved'));
  await page.getByTestId('notify-email').screenshot({ path: `${SHOTS}/${tag}-desktop-account-notify.png` });

  // The person responsible for the certificate, on the Certificates page (warned while nobody is).
  await page.goto('/certificates');
  const owners = page.getByTestId('certificate-owners');
  if (await owners.getByTestId('no-owner').isVisible()) await owners.screenshot({ path: `${SHOTS}/${tag}-desktop-certificate-no-owner.png` });
  await page.locator('#owner-name').fill(tag === 'zh' ? '张伟' : 'Zhang Wei');
  await page.locator('#owner-email').fill(`pki-${tag}@example.com`);
  await page.getByRole('button', { name: t('notifications.addOwner') }).click();
  await expect(owners).toContainText(`pki-${tag}@example.com`);
  await expect(owners.getByTestId('no-owner')).toHaveCount(0);
  await owners.screenshot({ path: `${SHOTS}/${tag}-desktop-certificate-owners.png` });

  // An integrator's endpoint, on the Admin page.
  await page.goto('/admin');
  await expect(page.getByTestId('email-status').locator('[data-state]')).toHaveAttribute('data-state', 'on');
  await page.locator('#webhook-url').fill(hookUrl);
  await page.locator('#webhook-description').fill(tag === 'zh' ? 'ERP 集成' : 'ERP integration');
  await page.getByRole('button', { name: t('notifications.add') }).click();
  const secret = (await page.getByTestId('webhook-secret').textContent())!.trim();
  expect(secret).toMatch(/^whsec_/);
  await page.getByTestId('webhooks-card').screenshot({ path: `${SHOTS}/${tag}-desktop-admin-webhook-added.png` });

  // A request for a signer with an e-mail address.
  const headers = await csrfHeaders(page.context());
  const pdf = samplePdf(`Notifications ${tag}`);
  const up = await page.request.post('/api/documents', { headers: { ...headers, 'content-type': 'application/pdf', 'x-signet-sha256': sha256hex(pdf), 'x-signet-filename': 'agreement.pdf' }, data: pdf });
  expect(up.status()).toBe(201);
  const doc = (await up.json()) as { id: string };
  const title = tag === 'zh' ? '服务协议' : 'Service agreement';
  const created = await page.request.post('/api/requests', { headers, data: { documentId: doc.id, title, documentType: 'contract', signerName: tag === 'zh' ? '李雷' : 'Ada Lovelace', signerEmail: signer } });
  expect(created.status()).toBe(201);
  const { signUrl } = (await created.json()) as { signUrl: string };

  // The invitation: the link in the text, the same link in the inline QR image.
  // In the requester's language (the one their notification address was saved in).
  const invite = await mailTo(signer, tag === 'zh' ? /请您签署“服务协议”$/ : /asks you to sign “Service agreement”$/);
  const link = invite.parsed.text!.match(/https?:\/\/\S+\/s\/\S+/)![0];
  expect(link).toBe(signUrl);
  const qr = invite.parsed.attachments.find((a) => a.contentType === 'image/png')!;
  const img = PNG.sync.read(qr.content);
  expect(jsQR(new Uint8ClampedArray(img.data), img.width, img.height)?.data).toBe(signUrl);
  await renderMail(page, invite, `${tag}-mail-invitation-desktop.png`);

  // The signer opens the e-mailed link on a phone and signs.
  const phone = await openPhone(browser, lang);
  await phone.page.goto(link);
  await expect(phone.page.getByTestId('document-check')).toHaveAttribute('data-phase', 'match');
  await phone.page.getByTestId('sign-button').click();
  await expect(phone.page.getByTestId('signed')).toBeVisible();
  await phone.page.screenshot({ path: `${SHOTS}/${tag}-phone-signed.png`, fullPage: true });
  const phoneMail = await phone.context.newPage();
  await renderMail(phoneMail, invite, `${tag}-mail-invitation-phone.png`);

  // The uploader hears it.
  const signed = await mailTo(me, tag === 'zh' ? /^已签署/ : /^Signed:/);
  expect(signed.parsed.text).toContain(title);
  await renderMail(phoneMail, signed, `${tag}-mail-signed-phone.png`);
  await phone.context.close();

  // The webhook endpoint got both, each verifying with the library and the secret shown once.
  await expect.poll(() => hooks.length, { timeout: 30_000 }).toBeGreaterThanOrEqual(2);
  const wh = new Webhook(secret);
  const types = hooks.map((h) => (wh.verify(h.body, h.headers as Record<string, string>) as { type: string }).type);
  expect(types).toEqual(expect.arrayContaining(['request.created', 'request.signed']));

  // The delivery log on the Admin page, desktop and phone.
  await page.goto('/admin');
  const item = page.getByTestId('webhooks-list').locator('li').filter({ hasText: hookUrl });
  await item.getByRole('button', { name: t('notifications.showDeliveries') }).click();
  await expect(item.getByTestId('deliveries-table').getByText(t('notifications.deliveryStatus.delivered')).first()).toBeVisible();
  await page.getByTestId('webhooks-card').screenshot({ path: `${SHOTS}/${tag}-desktop-admin-deliveries.png` });
  await page.screenshot({ path: `${SHOTS}/${tag}-desktop-admin.png`, fullPage: true });

  const { defaultBrowserType: _ignored, ...pixel } = devices['Pixel 7'];
  void _ignored;
  const mobile = await (await staffContext(browser, { ...pixel, ...lang })).newPage();
  await mobile.goto('/admin');
  const mItem = mobile.getByTestId('webhooks-list').locator('li').filter({ hasText: hookUrl });
  await mItem.getByRole('button', { name: t('notifications.showDeliveries') }).click();
  await expect(mItem.getByTestId('deliveries-table')).toBeVisible();
  await mobile.getByTestId('email-status').scrollIntoViewIfNeeded();
  await mobile.screenshot({ path: `${SHOTS}/${tag}-phone-admin-email.png` });
  await mItem.scrollIntoViewIfNeeded();
  await mobile.screenshot({ path: `${SHOTS}/${tag}-phone-admin-deliveries.png` });
  await mobile.goto('/certificates');
  await mobile.getByTestId('certificate-owners').scrollIntoViewIfNeeded();
  await mobile.screenshot({ path: `${SHOTS}/${tag}-phone-certificate-owners.png` });
  await mobile.goto('/account');
  await mobile.getByTestId('notify-email').scrollIntoViewIfNeeded();
  await mobile.screenshot({ path: `${SHOTS}/${tag}-phone-account-notify.png` });
  await mobile.context().close();
});

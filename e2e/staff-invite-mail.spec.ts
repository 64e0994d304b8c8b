import { mkdir } from 'node:fs/promises';
import { devices } from '@playwright/test';
import { smtpReceiver, type ReceivedMail, type SmtpReceiver } from '../test/support/smtp-receiver';
import { expect, staffContext, test } from './fixtures/staff';

/** An administrator invites a colleague by e-mail from the Admin page; the e-mail carries the one-time link. Needs E2E_SMTP_PORT. */
const SMTP_PORT = Number(process.env.E2E_SMTP_PORT ?? 0);
const SHOTS = process.env.PASSKEY_SHOTS ?? '/tmp/nm/shots';
let smtp: SmtpReceiver;

test.skip(!SMTP_PORT, 'set E2E_SMTP_PORT to run the e-mail journeys');

test.beforeAll(async () => {
  await mkdir(SHOTS, { recursive: true });
  smtp = await smtpReceiver(SMTP_PORT);
});
test.afterAll(async () => smtp?.stop());

test('an invite with an e-mail address is e-mailed with its one-time link, in the administrator’s language', async ({ browser, page, lang, t }) => {
  const tag = lang.locale === 'zh-CN' ? 'zh' : 'en';
  const address = `colleague-${tag}-${Date.now()}@example.com`;
  await page.goto('/admin');
  const panel = page.locator('#invite');
  await page.locator('#invite-name').fill(tag === 'zh' ? '李娜' : 'Grace Hopper');
  await page.locator('#invite-email').fill(address);
  await expect(panel).toContainText(t('admin.inviteEmailHint'));
  await panel.screenshot({ path: `${SHOTS}/${tag}-desktop-admin-invite-form.png` });
  await page.getByTestId('create-invite').click();
  await expect(page.getByTestId('invite-emailed')).toHaveText(t('admin.inviteEmailed', { email: address }));
  const url = (await page.getByTestId('invite-url').textContent())!.trim();
  await panel.screenshot({ path: `${SHOTS}/${tag}-desktop-admin-invite-emailed.png` });

  let mail: ReceivedMail | undefined;
  await expect.poll(() => (mail = smtp.mails.find((m) => m.envelopeTo.includes(address))), { timeout: 30_000 }).toBeTruthy();
  expect(mail!.parsed.text).toContain(url);
  expect(mail!.parsed.html).toContain(`href="${url}"`);
  await page.setContent(mail!.parsed.html || '');
  await page.screenshot({ path: `${SHOTS}/${tag}-mail-staff-invite-desktop.png`, fullPage: true });

  const { defaultBrowserType: _ignored, ...pixel } = devices['Pixel 7'];
  void _ignored;
  const mobile = await (await staffContext(browser, { ...pixel, ...lang })).newPage();
  await mobile.goto('/admin');
  await mobile.locator('#invite').screenshot({ path: `${SHOTS}/${tag}-phone-admin-invite-form.png` });
  await mobile.setContent(mail!.parsed.html || '');
  await mobile.screenshot({ path: `${SHOTS}/${tag}-mail-staff-invite-phone.png`, fullPage: true });
  await mobile.context().close();
});

import { eq } from 'drizzle-orm';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { afterEach, describe, expect, it } from 'vitest';
import { schema } from '@/db/client';
import { enrolStaff } from '@/lib/auth/test-support';
import { beginSigning } from '@/lib/signing/begin-signing';
import { completeSigning } from '@/lib/signing/complete-signing';
import { createSigningRequest } from '@/lib/signing/create-signing-request';
import { declineSigning } from '@/lib/signing/decline-signing';
import { finishRegistration } from '@/lib/signing/finish-registration';
import { Readable } from 'node:stream';
import { uploadDocument } from '@/lib/documents/upload-document';
import { createTestContext, sha256hex, TEST_ORIGIN, TEST_RP_ID, type TestContext } from '@/test/support/context';
import { smtpReceiver, type SmtpReceiver } from '@/test/support/smtp-receiver';
import { SoftAuthenticator } from '@/test/support/soft-authenticator';
import { checkCertificates } from '@/lib/certificates/check-certificates';
import { addCertificateOwner, listCertificateOwners, removeCertificateOwner } from '../certificate-owners';
import { setNotifyAddress } from '../notify-address';
import { updateOrganization } from '@/lib/organization/organization-name';
import { runOutboxOnce } from '../run-outbox';

let ctx: TestContext | undefined;
let smtp: SmtpReceiver | undefined;
afterEach(async () => {
  await smtp?.stop();
  smtp = undefined;
  await ctx?.dispose();
  ctx = undefined;
});

async function setup(port = 0): Promise<{ ctx: TestContext; smtp: SmtpReceiver }> {
  smtp = await smtpReceiver(port);
  ctx = await createTestContext({ SMTP_URL: smtp.url, MAIL_FROM: 'Signet <signet@example.com>', ORGANIZATION_NAME: 'Acme Trading Ltd' });
  return { ctx, smtp };
}

async function request(c: TestContext, signerName = 'Ada Lovelace', signerEmail: string | null = 'ada@example.com', actor?: Parameters<typeof createSigningRequest>[2]) {
  const buf = Buffer.from(`%PDF-1.4 e-mail test ${signerName}`);
  const document = await uploadDocument(c, { body: Readable.from([buf]), fileName: 'contract.pdf', mediaType: undefined, claimedSha256: sha256hex(buf), declaredLength: buf.length }, actor);
  return createSigningRequest(c, { documentId: document.id, title: 'Service agreement', documentType: 'contract', signerName, signerEmail }, actor);
}

function decodeQr(png: Buffer): string | null {
  const img = PNG.sync.read(png);
  return jsQR(new Uint8ClampedArray(img.data), img.width, img.height)?.data ?? null;
}

describe('e-mail over a real SMTP server', () => {
  it('invites the signer with the link and its QR inline; the link signs; the uploader hears "signed"', async () => {
    const { ctx, smtp } = await setup();
    const staff = await enrolStaff(ctx, ['uploader'], 'Wang Fang');
    await setNotifyAddress(ctx, { kind: 'staff', id: staff.user.id }, 'Wang.Fang@Example.com');
    const created = await request(ctx, 'Ada Lovelace', 'ada@example.com', { kind: 'staff', id: staff.user.id, name: 'Wang Fang', roles: ['uploader'], sessionId: 's' });
    expect(await runOutboxOnce(ctx)).toMatchObject({ claimed: 1, delivered: 1 });

    expect(smtp.mails).toHaveLength(1);
    const invite = smtp.mails[0]!;
    expect(invite.envelopeTo).toEqual(['ada@example.com']);
    expect(invite.parsed.subject).toBe('Wang Fang asks you to sign “Service agreement”');
    expect(invite.parsed.from?.value).toEqual([{ name: 'Signet', address: 'signet@example.com' }]);
    expect(invite.parsed.text).toContain(created.signUrl);
    expect(invite.parsed.text).toContain('Acme Trading Ltd');
    expect(invite.parsed.html).toContain('src="cid:sign-qr@signet"');
    const qr = invite.parsed.attachments.find((a) => a.contentId === '<sign-qr@signet>' || a.cid === 'sign-qr@signet');
    expect(qr?.contentType).toBe('image/png');
    expect(decodeQr(qr!.content)).toBe(created.signUrl);
    // Delivered: the outbox keeps no copy of the link (the token is stored only as its hash).
    const [row] = await ctx.db.select().from(schema.outbox);
    expect(JSON.stringify(row!.payload)).not.toContain(created.token);
    expect(invite.parsed.messageId).toBe(`<${row!.id}@example.com>`);

    // Follow the e-mailed link and sign with a passkey.
    const token = new URL(invite.parsed.text!.match(/https?:\/\/\S+/)![0]).pathname.split('/s/')[1]!;
    const auth = new SoftAuthenticator({ origin: TEST_ORIGIN, rpId: TEST_RP_ID });
    const reg = await beginSigning(ctx, token);
    if (reg.kind !== 'registration') throw new Error('expected registration');
    await finishRegistration(ctx, token, auth.register(reg.options.challenge));
    const begin = await beginSigning(ctx, token);
    if (begin.kind !== 'signing') throw new Error('expected signing');
    await completeSigning(ctx, token, auth.assert(begin.options.challenge), { ip: null, userAgent: 'vitest' });

    expect(await runOutboxOnce(ctx)).toMatchObject({ delivered: 1 });
    const signed = smtp.mails[1]!;
    expect(signed.envelopeTo).toEqual(['wang.fang@example.com']);
    expect(signed.parsed.subject).toBe('Signed: “Service agreement”');
    expect(signed.parsed.text).toContain(`${TEST_ORIGIN}/requests/${created.request.id}`);
    expect(signed.parsed.headers.get('x-signet-event')).toBe('request.signed');
  });

  it('several signers: only the first step is invited; the uploader hears "signed" once, when the last signer signs', async () => {
    const { ctx, smtp } = await setup();
    const staff = await enrolStaff(ctx, ['uploader'], 'Wang Fang');
    const actor = { kind: 'staff', id: staff.user.id, name: 'Wang Fang', roles: ['uploader'], sessionId: 's' } as const;
    await setNotifyAddress(ctx, actor, 'wang.fang@example.com');
    await updateOrganization(ctx, actor, { name: '上海示例贸易有限公司' });
    const buf = Buffer.from('%PDF-1.4 e-mail test, three signers');
    const document = await uploadDocument(ctx, { body: Readable.from([buf]), fileName: 'contract.pdf', mediaType: undefined, claimedSha256: sha256hex(buf), declaredLength: buf.length }, actor);
    const created = await createSigningRequest(
      ctx,
      {
        documentId: document.id,
        title: 'Joint venture',
        documentType: 'contract',
        signers: [
          { name: 'Ada', email: 'ada@example.com', step: 1 },
          { name: 'Grace', email: 'grace@example.com', step: 1 },
          { name: 'Linus', email: 'linus@example.com', step: 2 },
        ],
      },
      actor,
    );
    await runOutboxOnce(ctx);
    expect(smtp.mails.map((m) => m.envelopeTo).sort()).toEqual([['ada@example.com'], ['grace@example.com']]);
    // The organisation's name as an administrator set it, not ORGANIZATION_NAME.
    for (const m of smtp.mails) expect(m.parsed.text).toContain('上海示例贸易有限公司');
    const sign = async (token: string) => {
      const auth = new SoftAuthenticator({ origin: TEST_ORIGIN, rpId: TEST_RP_ID });
      const reg = await beginSigning(ctx, token);
      if (reg.kind !== 'registration') throw new Error('expected registration');
      await finishRegistration(ctx, token, auth.register(reg.options.challenge));
      const begin = await beginSigning(ctx, token);
      if (begin.kind !== 'signing') throw new Error('expected signing');
      await completeSigning(ctx, token, auth.assert(begin.options.challenge), { ip: null, userAgent: 'vitest' });
    };
    for (const s of created.signers!.slice(0, 2)) await sign(s.token);
    await runOutboxOnce(ctx);
    expect(smtp.mails.filter((m) => m.parsed.headers.get('x-signet-event') === 'request.signed')).toHaveLength(0);
    await sign(created.signers![2]!.token);
    await runOutboxOnce(ctx);
    const signed = smtp.mails.filter((m) => m.parsed.headers.get('x-signet-event') === 'request.signed');
    expect(signed.map((m) => m.envelopeTo)).toEqual([['wang.fang@example.com']]);
  });

  it('speaks the uploader’s language: a declined request in Chinese, with the reason', async () => {
    const { ctx, smtp } = await setup();
    const staff = await enrolStaff(ctx, ['uploader'], '王芳');
    await ctx.db.update(schema.staffUsers).set({ locale: 'zh-CN' }).where(eq(schema.staffUsers.id, staff.user.id));
    await setNotifyAddress(ctx, { kind: 'staff', id: staff.user.id }, 'wang@example.cn');
    const created = await request(ctx, '李雷', null, { kind: 'staff', id: staff.user.id, name: '王芳', roles: ['uploader'], sessionId: 's' });
    await declineSigning(ctx, created.token, '金额有误');
    expect(await runOutboxOnce(ctx)).toMatchObject({ delivered: 1 });
    expect(smtp.mails).toHaveLength(1); // no invitation: the signer has no e-mail address
    const mail = smtp.mails[0]!;
    expect(mail.parsed.subject).toBe('已拒签：“Service agreement”');
    expect(mail.parsed.text).toContain('拒签理由：金额有误');
    expect(mail.parsed.text).toContain('(UTC+08:00)');
  });

  it('invites in the requester’s language when they saved their address in Chinese', async () => {
    const { ctx, smtp } = await setup();
    const staff = await enrolStaff(ctx, ['uploader'], '王芳');
    await setNotifyAddress(ctx, { kind: 'staff', id: staff.user.id }, 'wang@example.cn', 'zh-CN');
    await request(ctx, '李雷', 'li@example.cn', { kind: 'staff', id: staff.user.id, name: '王芳', roles: ['uploader'], sessionId: 's' });
    await runOutboxOnce(ctx);
    expect(smtp.mails[0]!.parsed.subject).toBe('王芳 请您签署“Service agreement”');
    expect(smtp.mails[0]!.parsed.text).toContain('(UTC+08:00)');
  });

  it('an SMTP server that is down, then up: retried, delivered once, nothing lost', async () => {
    const { ctx, smtp } = await setup(2541);
    await smtp.stop();
    await request(ctx);
    expect(await runOutboxOnce(ctx)).toMatchObject({ retrying: 1 });
    const [down] = await ctx.db.select().from(schema.outbox);
    expect(down!.lastDetail).toMatch(/ECONNREFUSED|ESOCKET|ECONNECTION/);
    await smtp.start();
    ctx.clock.set(down!.nextAttemptAt);
    expect(await runOutboxOnce(ctx)).toMatchObject({ delivered: 1 });
    expect(await runOutboxOnce(ctx)).toMatchObject({ claimed: 0 });
    expect(smtp.mails).toHaveLength(1);
  });

  it('a 4xx reply is retried and delivered once; a permanent 5xx rejection is failed, with the reply kept', async () => {
    const { ctx, smtp } = await setup();
    smtp.rejectWith = { code: 451, message: '451 4.3.0 try again later' };
    await request(ctx);
    expect(await runOutboxOnce(ctx)).toMatchObject({ retrying: 1 });
    ctx.clock.advance(12_000);
    expect(await runOutboxOnce(ctx)).toMatchObject({ delivered: 1 });
    expect(smtp.mails).toHaveLength(1);

    smtp.rejectWith = { code: 550, message: '550 5.1.1 no such user' };
    await request(ctx, 'Bob', 'bob@example.com');
    expect(await runOutboxOnce(ctx)).toMatchObject({ failed: 1 });
    const [failed] = await ctx.db.select().from(schema.outbox).where(eq(schema.outbox.status, 'failed'));
    expect(failed).toMatchObject({ target: 'bob@example.com', attempts: 1 });
    expect(failed!.lastDetail).toContain('550 5.1.1 no such user');
    ctx.clock.advance(86_400_000);
    expect(await runOutboxOnce(ctx)).toMatchObject({ claimed: 0 });
    expect(smtp.mails).toHaveLength(1);
  });

  it('a line break in a signer’s name cannot add a header or a recipient', async () => {
    const { ctx, smtp } = await setup();
    const staff = await enrolStaff(ctx, ['uploader'], 'Eve\r\nBcc: evil@example.net');
    await request(ctx, 'Mallory\r\nBcc: evil@example.net', 'ada@example.com', { kind: 'staff', id: staff.user.id, name: 'Eve\r\nBcc: evil@example.net', roles: ['uploader'], sessionId: 's' });
    expect(await runOutboxOnce(ctx)).toMatchObject({ delivered: 1 });
    const mail = smtp.mails[0]!;
    expect(mail.envelopeTo).toEqual(['ada@example.com']);
    expect(mail.parsed.bcc).toBeUndefined();
    const headers = mail.raw.slice(0, mail.raw.indexOf('\r\n\r\n'));
    expect(headers).not.toMatch(/^Bcc:/im);
    expect(mail.parsed.text).toContain('Mallory Bcc: evil@example.net, Eve Bcc: evil@example.net of Acme');
    expect(mail.parsed.subject).toBe('Eve Bcc: evil@example.net asks you to sign “Service agreement”');
  });

  it('an invalid address is refused with EMAIL_INVALID and nothing is stored', async () => {
    const { ctx } = await setup();
    const staff = await enrolStaff(ctx, ['uploader']);
    await expect(setNotifyAddress(ctx, { kind: 'staff', id: staff.user.id }, 'a@b.com\r\nBcc: c@d.com')).rejects.toMatchObject({ code: 'EMAIL_INVALID' });
    await expect(setNotifyAddress(ctx, { kind: 'staff', id: staff.user.id }, 'not-an-address')).rejects.toMatchObject({ code: 'EMAIL_INVALID' });
    expect(await ctx.db.select().from(schema.notifyAddresses)).toHaveLength(0);
  });

  it('without SMTP_URL nothing is queued for e-mail', async () => {
    ctx = await createTestContext();
    await request(ctx);
    expect(await ctx.db.select().from(schema.outbox)).toHaveLength(0);
  });
});

describe('certificate reminders by e-mail', () => {
  it('go to each person responsible for the certificate; bad owners are refused and nothing is stored', async () => {
    smtp = await smtpReceiver();
    ctx = await createTestContext({ SMTP_URL: smtp.url, MAIL_FROM: 'Signet <signet@example.com>', CERT_VALIDITY_DAYS: '20', ORGANIZATION_NAME: 'Acme Trading Ltd' });
    await expect(addCertificateOwner(ctx, { email: 'not-an-address', name: 'X' })).rejects.toMatchObject({ code: 'EMAIL_INVALID' });
    await expect(addCertificateOwner(ctx, { email: 'ok@example.com', name: '  ' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(await listCertificateOwners(ctx)).toEqual([]);
    await addCertificateOwner(ctx, { email: 'Zhang.Wei@Example.cn', name: 'Zhang Wei' });
    await addCertificateOwner(ctx, { email: 'pki@example.com', name: 'PKI team' });
    expect((await checkCertificates(ctx)).delivered).toEqual([60, 30]); // one notice for the most urgent
    expect(await runOutboxOnce(ctx)).toMatchObject({ delivered: 2 });
    expect(smtp.mails.map((m) => m.envelopeTo[0]).sort()).toEqual(['pki@example.com', 'zhang.wei@example.cn']);
    expect(smtp.mails[0]!.parsed.subject).toBe('The Acme Trading Ltd signing certificate expires in 20 days');
    await removeCertificateOwner(ctx, 'pki@example.com');
    await expect(removeCertificateOwner(ctx, 'pki@example.com')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect((await listCertificateOwners(ctx)).map((o) => o.email)).toEqual(['zhang.wei@example.cn']);
  });
});

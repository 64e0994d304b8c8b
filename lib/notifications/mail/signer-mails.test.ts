import { Readable } from 'node:stream';
import { PDF } from '@libpdf/core';
import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { schema } from '@/db/client';
import { createInvite } from '@/lib/auth/invites';
import { enrolStaff } from '@/lib/auth/test-support';
import { uploadDocument } from '@/lib/documents/upload-document';
import { receiptAttachments } from '@/lib/evidence/receipt-attachments';
import { verifyEvidence } from '@/lib/evidence/verify-evidence';
import { sealRequest } from '@/lib/sealing/seal-request';
import { createSigningRequest } from '@/lib/signing/create-signing-request';
import { createTestContext, sha256hex, testDatabaseUrl, upload, type TestContext } from '@/test/support/context';
import { newPasskey, signAs } from '@/test/support/multi-signer';
import { smtpReceiver, type SmtpReceiver } from '@/test/support/smtp-receiver';
import { setNotifyAddress } from '../notify-address';
import { runOutboxOnce } from '../run-outbox';
import { sweepSignerMails } from '../signer-mail-sweep';

let ctx: TestContext | undefined;
let smtp: SmtpReceiver | undefined;
afterEach(async () => {
  await smtp?.stop();
  smtp = undefined;
  await ctx?.dispose();
  ctx = undefined;
});

const HOUR = 3_600_000;
const sources = { signerReceipt: receiptAttachments };

async function setup(postgres: boolean, env: Record<string, string> = {}): Promise<{ ctx: TestContext; smtp: SmtpReceiver }> {
  smtp = await smtpReceiver();
  ctx = await createTestContext({ SMTP_URL: smtp.url, MAIL_FROM: 'Signet <signet@example.com>', ORGANIZATION_NAME: 'Acme Trading Ltd', ...env }, { postgres });
  return { ctx, smtp };
}

async function samplePdf(text: string): Promise<Uint8Array> {
  const pdf = PDF.create();
  pdf.addPage().drawText(text, { x: 60, y: 720, size: 14 });
  return pdf.save();
}

for (const postgres of [false, true]) {
  const backend = postgres && testDatabaseUrl() ? 'PostgreSQL' : 'PGlite';
  describe(`e-mails to signers and invited staff (${backend})`, () => {
    it('the signer’s receipt: written once per signature, sent with the evidence attached and the sealed PDF once it exists', async () => {
      const { ctx, smtp } = await setup(postgres);
      const staff = await enrolStaff(ctx, ['uploader'], '王芳');
      await ctx.db.update(schema.staffUsers).set({ locale: 'zh-CN' }).where(eq(schema.staffUsers.id, staff.user.id));
      const actor = { kind: 'staff', id: staff.user.id, name: '王芳', roles: ['uploader'], sessionId: 's' } as const;
      const bytes = await samplePdf(`Receipt test ${backend}`);
      const document = await uploadDocument(ctx, { body: Readable.from([Buffer.from(bytes)]), fileName: 'contract.pdf', mediaType: undefined, claimedSha256: sha256hex(bytes), declaredLength: bytes.length }, actor);
      const made = await createSigningRequest(
        ctx,
        { documentId: document.id, title: '合作协议', documentType: 'contract', signers: [{ name: 'Ada', email: 'ada@example.com' }, { name: 'Grace' }], order: 'parallel' },
        actor,
      );
      await runOutboxOnce(ctx); // the invitation
      smtp.mails.length = 0;
      expect(await sweepSignerMails(ctx)).toEqual({ receipts: 0, reminders: 0 });

      const ada = await signAs(ctx, made.signers[0]!.token, newPasskey());
      await signAs(ctx, made.signers[1]!.token, newPasskey()); // Grace has no address: no receipt
      expect(await sweepSignerMails(ctx)).toEqual({ receipts: 1, reminders: 0 });
      expect(await sweepSignerMails(ctx)).toEqual({ receipts: 0, reminders: 0 });

      // A process without the attachment source (a CLI) does not send a receipt without its evidence.
      expect(await runOutboxOnce(ctx)).toMatchObject({ claimed: 1, retrying: 1 });
      expect(smtp.mails).toHaveLength(0);
      const [row] = await ctx.db.select().from(schema.outbox).where(eq(schema.outbox.id, `receipt-${ada.recordId}`));
      expect(row).toMatchObject({ status: 'pending', lastDetail: 'no attachment source for signerReceipt in this process' });

      await sealRequest(ctx, made.request.id);
      ctx.clock.advance(HOUR);
      expect(await runOutboxOnce(ctx, 10, sources)).toMatchObject({ delivered: 1 });
      const mail = smtp.mails[0]!;
      expect(mail.envelopeTo).toEqual(['ada@example.com']);
      expect(mail.parsed.subject).toBe('您的签署回执：您已签署“合作协议”');
      expect(mail.parsed.messageId).toBe(`<receipt-${ada.recordId}@example.com>`);
      expect(mail.parsed.text).toContain(`SHA-256 指纹：${sha256hex(bytes)}`);
      expect(mail.parsed.text).toContain('目前已签署：Ada, Grace');
      expect(mail.parsed.text).toContain('附件中还有盖有机构印章');
      expect(mail.parsed.html).toContain(`<li>SHA-256 指纹：${sha256hex(bytes)}</li>`);
      const evidence = mail.parsed.attachments.find((a) => a.filename === `signet-evidence-${ada.recordId}.json`);
      expect(evidence?.contentType).toBe('application/json');
      const report = await verifyEvidence(JSON.parse(evidence!.content.toString('utf8')));
      expect(report.ok, JSON.stringify(report)).toBe(true);
      const sealed = mail.parsed.attachments.find((a) => a.filename === `signet-sealed-${made.request.id}.pdf`);
      expect(sealed?.contentType).toBe('application/pdf');
      expect(sealed!.content.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    }, 180_000); // the first test of the file also makes the local PKI and seals a PDF

    it('reminds each signer whose step is open 24 h before expiry, once, and nobody for a request that lives barely a day', async () => {
      const { ctx, smtp } = await setup(postgres);
      const document = await upload(ctx, `%PDF-1.4 reminder ${backend}`);
      const made = await createSigningRequest(ctx, {
        documentId: document.id,
        title: 'Lease',
        documentType: 'contract',
        requestedBy: 'Grace Hopper',
        expiresInHours: 72,
        signers: [
          { name: 'Ada\r\nBcc: evil@example.com', email: 'ada@example.com' },
          { name: 'Linus', email: 'linus@example.com' },
        ],
        order: 'sequential',
      });
      const short = await upload(ctx, `%PDF-1.4 short ${backend}`);
      await createSigningRequest(ctx, { documentId: short.id, title: 'Short', documentType: 'contract', signerName: 'Bob', signerEmail: 'bob@example.com', expiresInHours: 24 });
      await runOutboxOnce(ctx);
      smtp.mails.length = 0;

      ctx.clock.advance(47 * HOUR); // 25 h left
      expect(await sweepSignerMails(ctx)).toEqual({ receipts: 0, reminders: 0 });
      ctx.clock.advance(2 * HOUR); // 23 h left
      expect(await sweepSignerMails(ctx)).toEqual({ receipts: 0, reminders: 1 });
      expect(await sweepSignerMails(ctx)).toEqual({ receipts: 0, reminders: 0 });
      expect(await runOutboxOnce(ctx)).toMatchObject({ delivered: 1 });
      expect(smtp.mails.map((m) => m.envelopeTo)).toEqual([['ada@example.com']]);
      const mail = smtp.mails[0]!;
      expect(mail.parsed.subject).toBe('Reminder: “Lease” is waiting for your signature until Mar 4, 2026, 12:00 (UTC)');
      expect(mail.parsed.headers.has('bcc')).toBe(false);
      expect(mail.parsed.text).toContain('Ada Bcc: evil@example.com, Grace Hopper of Acme Trading Ltd still waits');

      // Ada signs: Linus's step opens, and he is reminded on the next sweep (his link now works).
      await signAs(ctx, made.signers[0]!.token, newPasskey());
      expect(await sweepSignerMails(ctx)).toEqual({ receipts: 1, reminders: 1 });
      expect((await ctx.db.select({ id: schema.outbox.id }).from(schema.outbox)).map((r) => r.id)).toContain(`reminder-${made.request.signers[1]!.id}`);
    });

    it('a staff invite with an address is e-mailed in the inviting admin’s language; the link is erased once sent', async () => {
      const { ctx, smtp } = await setup(postgres);
      const admin = await enrolStaff(ctx, ['admin'], '李娜');
      await ctx.db.update(schema.staffUsers).set({ locale: 'zh-CN' }).where(eq(schema.staffUsers.id, admin.user.id));
      const invite = await createInvite(ctx, { kind: 'invite', name: 'Grace Hopper', roles: ['uploader'], createdBy: admin.user.id, email: ' Grace@Example.com ' });
      expect(invite.emailedTo).toBe('grace@example.com');
      expect(await runOutboxOnce(ctx)).toMatchObject({ delivered: 1 });
      const mail = smtp.mails[0]!;
      expect(mail.envelopeTo).toEqual(['grace@example.com']);
      expect(mail.parsed.subject).toBe('李娜 邀请您加入 Signet 上的 Acme Trading Ltd');
      expect(mail.parsed.text).toContain(invite.url);
      expect(mail.parsed.html).toContain(`href="${invite.url}"`);
      const [row] = await ctx.db.select().from(schema.outbox);
      expect(row!.event).toBe('staff.invited');
      expect(JSON.stringify(row!.payload)).not.toContain(invite.url);
    });

    it('refuses an invalid or injected invite address with EMAIL_INVALID, writing neither the invite nor a message', async () => {
      const { ctx } = await setup(postgres);
      for (const email of ['grace@example.com\r\nBcc: evil@example.com', 'two@example.com, three@example.com', 'nobody']) {
        await expect(createInvite(ctx, { kind: 'invite', name: 'Grace', roles: ['uploader'], email }), email).rejects.toMatchObject({ code: 'EMAIL_INVALID' });
      }
      expect(await ctx.db.select().from(schema.staffInvites)).toHaveLength(0);
      expect(await ctx.db.select().from(schema.outbox)).toHaveLength(0);
    });
  });
}

describe('without SMTP_URL', () => {
  it('an invite with an address is created and says it was not e-mailed; nothing is queued, no receipt or reminder is written', async () => {
    ctx = await createTestContext();
    const invite = await createInvite(ctx, { kind: 'invite', name: 'Grace', roles: ['uploader'], email: 'grace@example.com' });
    expect(invite.emailedTo).toBeNull();
    await setNotifyAddress(ctx, { kind: 'api_key', id: 'k' }, 'ops@example.com');
    expect(await sweepSignerMails(ctx)).toEqual({ receipts: 0, reminders: 0 });
    expect(await ctx.db.select().from(schema.outbox)).toHaveLength(0);
  });
});

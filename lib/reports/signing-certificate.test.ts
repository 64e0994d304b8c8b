import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestContext, TEST_ORIGIN, upload, type TestContext } from '@/test/support/context';
import { SoftAuthenticator } from '@/test/support/soft-authenticator';
import { isAppError } from '../errors';
import { beginSigning } from '../signing/begin-signing';
import { completeSigning } from '../signing/complete-signing';
import { createSigningRequest } from '../signing/create-signing-request';
import { finishRegistration } from '../signing/finish-registration';
import { getSigningCertificate } from './get-signing-certificate';
import { inspectPdf } from './pdf-test-support';

const PIXEL_7 = 'Mozilla/5.0 (Linux; Android 14; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36';
const IPHONE = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1';

let ctx: TestContext | undefined;
afterEach(async () => {
  await ctx?.dispose();
  ctx = undefined;
});

async function refusal(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    return isAppError(e) ? e.code : `not an AppError: ${String(e)}`;
  }
  return 'no error';
}

/** A two-signer request titled in Chinese; signs as many signers as asked, each from their own phone. */
async function request(c: TestContext, sign: number): Promise<{ id: string }> {
  const document = await upload(c, `%PDF-1.4 劳动合同 ${Math.random()}`, '劳动合同.pdf');
  const created = await createSigningRequest(c, {
    documentId: document.id,
    title: '劳动合同（张伟）',
    documentType: 'contract',
    signers: [
      { name: '张伟', email: 'zhang.wei@example.cn' },
      { name: 'Ada Lovelace', email: 'ada@example.com' },
    ],
    order: 'sequential',
  });
  for (const [i, s] of created.signers.slice(0, sign).entries()) {
    const auth = new SoftAuthenticator({ origin: TEST_ORIGIN, rpId: 'localhost' });
    await finishRegistration(c, s.token, auth.register((await beginSigning(c, s.token)).options.challenge));
    const begin = await beginSigning(c, s.token);
    await completeSigning(c, s.token, auth.assert(begin.options.challenge), { ip: null, userAgent: i === 0 ? PIXEL_7 : IPHONE });
  }
  return { id: created.request.id };
}

describe('signing certificate PDF', () => {
  it('states the document, each signer with device and passkey, the countersignature and ledger, in Chinese; the QR opens /verify for this request', async () => {
    ctx = await createTestContext();
    const { id } = await request(ctx, 2);
    const { bytes, fileName } = await getSigningCertificate(ctx, id, { locale: 'zh-CN', timeZone: 'Asia/Shanghai' });
    expect(fileName).toBe(`signet-certificate-${id}-zh-CN.pdf`);
    const pdf = inspectPdf(bytes);
    try {
      expect(pdf.qpdf).toContain('No syntax or stream encoding errors');
      expect(pdf.text).toContain('签署完成证书');
      expect(pdf.text).toContain('劳动合同（张伟）');
      expect(pdf.text).toContain('zhang.wei@example.cn');
      expect(pdf.text).toMatch(/Chrome 131 · Android 14 · Google Pixel 7/);
      expect(pdf.text).toMatch(/Mobile Safari 17 · iOS 17\.5 · Apple iPhone/);
      expect(pdf.text).toContain('已验证（设备 PIN 或生物识别）');
      expect(pdf.text).toContain('(UTC+08:00)');
      expect(pdf.text).toMatch(/机构副署\s+CN=/);
      expect(pdf.text).toMatch(/账本序号\s+\d+/);
      expect(pdf.text).toMatch(/树大小 \d+ · 根 /);
      if (process.env.SIGNET_PDF_SHOTS) writeFileSync(path.join(process.env.SIGNET_PDF_SHOTS, 'certificate-zh-CN.pdf'), bytes);
      const qr = pdf.qr(1);
      expect(qr).not.toBeNull();
      const url = new URL(qr!);
      expect(`${url.origin}${url.pathname}`).toBe(`${TEST_ORIGIN}/verify`);
      expect(url.searchParams.get('request')).toBe(id);
      expect(url.searchParams.get('record')).toMatch(/^[0-9a-f-]{36}$/);
    } finally {
      pdf.dispose();
    }
  });

  it('speaks English when asked, with times in the given zone', async () => {
    ctx = await createTestContext();
    const { id } = await request(ctx, 2);
    const { bytes } = await getSigningCertificate(ctx, id, { locale: 'en', timeZone: 'UTC' });
    if (process.env.SIGNET_PDF_SHOTS) writeFileSync(path.join(process.env.SIGNET_PDF_SHOTS, 'certificate-en.pdf'), bytes);
    const pdf = inspectPdf(bytes);
    try {
      expect(pdf.text).toContain('Certificate of completion');
      expect(pdf.text).toContain('劳动合同（张伟）');
      expect(pdf.text).toContain('Verified (PIN or biometrics on the device)');
      expect(pdf.text).toContain('(UTC)');
      expect(pdf.text).not.toContain('签署完成证书');
    } finally {
      pdf.dispose();
    }
  });

  it('answers REQUEST_NOT_SIGNED while a signer is still to sign, and NOT_FOUND for an unknown id', async () => {
    ctx = await createTestContext();
    const { id } = await request(ctx, 1);
    expect(await refusal(getSigningCertificate(ctx, id, { locale: 'en', timeZone: 'UTC' }))).toBe('REQUEST_NOT_SIGNED');
    expect(await refusal(getSigningCertificate(ctx, '0190c0de-0000-7000-8000-000000000000', { locale: 'en', timeZone: 'UTC' }))).toBe('NOT_FOUND');
  });
});

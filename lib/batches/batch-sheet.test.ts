import { eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '@/db/client';
import { AppError } from '@/lib/errors';
import { createTestContext, testDatabaseUrl, upload, type TestContext } from '@/test/support/context';
import { declineSigning } from '../signing/decline-signing';
import { parseSignFragment } from '../signing/sign-url';
import { hashSigningToken } from '../signing/token';
import { cancelBatch } from './batch-lifecycle';
import { createBatch } from './create-batch';
import { getBatch } from './get-batch';
import { getBatchSheet } from './get-batch-sheet';
import { findSignableRequest } from '../signing/resolve-token';
import { COVER_SIGNERS_PER_PAGE, SHEET, blockQrBox, coverQrBox } from './sheet-layout';
import { readSheet } from './sheet-test-support';

const ada = { name: 'Ada Lovelace', email: 'ada@example.com' };
const zhang = { name: '张伟', email: 'zhang.wei@example.cn' };
const tokenOf = (url: string): string => new URL(url).pathname.split('/').pop()!;

/** Every QR of the sheet, decoded from pdftoppm's pixels: the cover's, then the documents' in print order. */
function decodeSheet(sheet: ReturnType<typeof readSheet>, signers: number, documents: number): { cover: (string | null)[]; blocks: (string | null)[] } {
  const cover = sheet.decode(1, Array.from({ length: Math.min(signers, COVER_SIGNERS_PER_PAGE) }, (_, i) => coverQrBox(i)));
  const blocks: (string | null)[] = [];
  for (let i = 0; i < documents; i += SHEET.blocksPerPage) {
    const n = Math.min(SHEET.blocksPerPage, documents - i);
    blocks.push(...sheet.decode(2 + i / SHEET.blocksPerPage, Array.from({ length: n }, (_, k) => blockQrBox(k))));
  }
  return { cover, blocks };
}

for (const postgres of [false, true]) {
  const backend = postgres && testDatabaseUrl() ? 'PostgreSQL' : 'PGlite';
  describe(`batch QR sheet (${backend})`, () => {
    let ctx: TestContext;
    beforeAll(async () => {
      ctx = await createTestContext({}, { postgres });
    });
    afterAll(async () => ctx.dispose());

    it('prints a cover with each signer\'s queue QR and one block per document in signing order; every QR decodes from the pixels to a live link', async () => {
      const priorities = ['low', 'urgent', 'normal', 'high', 'urgent', 'normal', 'low'];
      const docs = await Promise.all(priorities.map((_, i) => upload(ctx, `%PDF-1.4 sheet ${i} ${Math.random()}`, `sheet-${i}.pdf`)));
      const made = await createBatch(ctx, {
        name: '二〇二六年入职文件',
        signers: [ada],
        documents: priorities.map((priority, i) => ({
          documentId: docs[i]!.id,
          title: i === 1 ? '劳动合同（张伟）' : `Document ${i}`,
          documentType: i % 2 ? 'contract' : 'hr',
          priority,
          ...(i === 4 ? { signers: [zhang] } : {}),
        })),
      });
      const declined = made.requests.find((r) => r.request.title === 'Document 6')!;
      await declineSigning(ctx, declined.token, 'wrong version');

      const { bytes, fileName } = await getBatchSheet(ctx, made.batch.id, { locale: 'zh-CN', timeZone: 'Asia/Shanghai' });
      expect(fileName).toBe(`signet-batch-${made.batch.id}-zh-CN.pdf`);
      const sheet = readSheet(bytes);
      try {
        expect(sheet.pages).toBe(1 + Math.ceil(priorities.length / SHEET.blocksPerPage));
        const { cover, blocks } = decodeSheet(sheet, 2, priorities.length);
        // The cover: one queue QR per signer, each the only live link of that signer's queue.
        expect(cover.every((c) => c !== null)).toBe(true);
        const queueRows = await ctx.db.select().from(schema.batchSigners).where(eq(schema.batchSigners.batchId, made.batch.id));
        expect(cover.map((c) => hashSigningToken(tokenOf(c!))).sort()).toEqual(queueRows.map((r) => r.tokenHash).sort());
        expect(cover.every((c) => c!.startsWith(`${ctx.config.origin}/q/`))).toBe(true);
        // The blocks: signing order (urgent → low, then position), a live link for each waiting document.
        const view = await getBatch(ctx, made.batch.id);
        expect(view.documents.map((d) => d.priority)).toEqual(['urgent', 'urgent', 'high', 'normal', 'normal', 'low', 'low']);
        for (const [i, d] of view.documents.entries()) {
          const url = blocks[i];
          if (d.request.status === 'declined') {
            expect(url, `block ${i} is declined: no QR`).toBeNull();
            continue;
          }
          expect(url, `block ${i} (${d.request.title}) decodes`).not.toBeNull();
          const found = await findSignableRequest(ctx, tokenOf(url!.split('?')[0]!.split('#')[0]!));
          expect(found.id).toBe(d.request.id);
          expect(parseSignFragment(new URL(url!).hash)?.documentSha256).toBe(d.request.document.sha256);
          expect(new URL(url!).searchParams.get('lang')).toBe('zh-CN');
        }
        // The Chinese title and batch name print as text (embedded CJK font), with each document's facts.
        expect(sheet.text).toContain('劳动合同（张伟）');
        expect(sheet.text).toContain('二〇二六年入职文件');
        expect(sheet.text).toContain('紧急');
        expect(sheet.text).toContain(view.documents[0]!.request.signers[0]!.matchingCode);
        expect(sheet.text).toContain(view.documents[0]!.request.document.sha256.slice(0, 4));
        expect(sheet.text).toContain('已拒签');
      } finally {
        sheet.dispose();
      }
      // The links handed out at creation were replaced: the printed sheet is the one that works.
      const first = made.requests.find((r) => r.request.title === 'Document 0')!;
      await expect(findSignableRequest(ctx, first.token)).rejects.toBeInstanceOf(AppError);
      const oldQueue = await ctx.db.select().from(schema.batchSigners).where(inArray(schema.batchSigners.tokenHash, made.signers.map((s) => hashSigningToken(s.token))));
      expect(oldQueue).toHaveLength(0);
    });

    it('prints a cancelled batch without any live QR, and changes no link', async () => {
      const d = await upload(ctx, `%PDF-1.4 cancelled ${Math.random()}`, 'cancelled.pdf');
      const made = await createBatch(ctx, { name: 'Cancelled batch', signers: [ada], documents: [{ documentId: d.id, documentType: 'hr' }] });
      await cancelBatch(ctx, made.batch.id, 'sent by mistake');
      const before = await ctx.db.select().from(schema.batchSigners).where(eq(schema.batchSigners.batchId, made.batch.id));
      const sheet = readSheet((await getBatchSheet(ctx, made.batch.id, { locale: 'en', timeZone: 'UTC' })).bytes);
      try {
        const { cover, blocks } = decodeSheet(sheet, 1, 1);
        expect([...cover, ...blocks]).toEqual([null, null]);
        expect(sheet.text).toContain('Cancelled batch');
        expect(sheet.text).toContain('Closed');
      } finally {
        sheet.dispose();
      }
      expect(await ctx.db.select().from(schema.batchSigners).where(eq(schema.batchSigners.batchId, made.batch.id))).toEqual(before);
    });

    it('answers NOT_FOUND for an unknown batch', async () => {
      await expect(getBatchSheet(ctx, '00000000-0000-4000-8000-000000000000', { locale: 'en', timeZone: 'UTC' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    });
  });
}

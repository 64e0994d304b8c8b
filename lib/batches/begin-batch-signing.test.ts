import { createHash } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '@/db/client';
import { createTestContext, testDatabaseUrl, upload, type TestContext } from '@/test/support/context';
import { asSigning } from '@/test/support/batch-approval';
import { newPasskey, register } from '@/test/support/multi-signer';
import { declineSigning } from '../signing/decline-signing';
import { beginBatchSigning } from './begin-batch-signing';
import { verifyBatchItem } from './batch-statement';
import { createBatch } from './create-batch';

let seq = 0;

async function batchFor(ctx: TestContext, n: number) {
  const ada = { name: 'Ada', email: `ada.approve${++seq}@example.com` };
  const docs = [];
  for (let i = 0; i < n; i++) docs.push(await upload(ctx, `%PDF-1.4 approve ${seq} ${i}`, `a${i}.pdf`));
  const made = await createBatch(ctx, { name: `Approve ${seq}`, signers: [ada], documents: docs.map((d, i) => ({ documentId: d.id, documentType: 'hr', title: `Doc ${i}` })) });
  await register(ctx, made.requests[0]!.token, newPasskey());
  return { made, docs, queueToken: made.signers[0]!.token };
}

const rows = async (ctx: TestContext) => ({
  challenges: await ctx.db.select().from(schema.challenges).orderBy(schema.challenges.challenge),
  approvals: await ctx.db.select().from(schema.batchApprovals).orderBy(schema.batchApprovals.challenge),
  records: await ctx.db.select({ id: schema.signatureRecords.id }).from(schema.signatureRecords),
});

for (const postgres of [false, true]) {
  const backend = postgres && testDatabaseUrl() ? 'PostgreSQL' : 'PGlite';
  describe(`beginBatchSigning (${backend})`, () => {
    let ctx: TestContext;
    beforeAll(async () => {
      ctx = await createTestContext({}, { postgres });
    });
    afterAll(async () => ctx.dispose());

    it('answers one assertion challenge = SHA-256 of the approval statement over every checked document', async () => {
      const { made, queueToken } = await batchFor(ctx, 3);
      const ids = made.batch.documents.map((d) => d.request.id);
      const begun = asSigning(await beginBatchSigning(ctx, queueToken, ids));
      const statement = new TextEncoder().encode(begun.statement);
      expect(begun.options.challenge).toBe(createHash('sha256').update(statement).digest('base64url'));
      expect(begun.statement).toContain('count:3\n');
      expect(begun.items.map((i) => i.requestId)).toEqual(ids);
    });

    it('refuses a document with several signers (its evidence could not carry their order yet) and issues no challenge', async () => {
      const n = ++seq;
      const doc = await upload(ctx, `%PDF-1.4 two signers ${n}`, 'two.pdf');
      const signers = [{ name: 'Ada', email: `ada.two${n}@example.com` }, { name: 'Bob', email: `bob.two${n}@example.com` }];
      const made = await createBatch(ctx, { name: `Two ${n}`, signers, documents: [{ documentId: doc.id, documentType: 'hr', title: 'Shared' }] });
      await register(ctx, made.requests[0]!.token, newPasskey());
      const before = await rows(ctx);
      await expect(beginBatchSigning(ctx, made.signers[0]!.token, [made.batch.documents[0]!.request.id])).rejects.toMatchObject({ code: 'BATCH_STATEMENT_INVALID', message: expect.stringContaining('several signers') });
      expect(await rows(ctx)).toEqual(before);
    });

    for (const [what, code, prepare] of [
      ['a document of another batch', 'BATCH_STATEMENT_INVALID', async (c: TestContext, ids: string[]) => [...ids, (await batchFor(c, 1)).made.requests[0]!.request.id]],
      ['a document listed twice', 'BATCH_STATEMENT_INVALID', async (_c: TestContext, ids: string[]) => [...ids, ids[0]!]],
      ['no document', 'BATCH_EMPTY', async () => []],
    ] as const) {
      it(`refuses ${what} (${code}) and issues no challenge`, async () => {
        const { made, queueToken } = await batchFor(ctx, 2);
        const list = await prepare(ctx, made.batch.documents.map((d) => d.request.id));
        const before = await rows(ctx);
        await expect(beginBatchSigning(ctx, queueToken, list)).rejects.toMatchObject({ code });
        expect(await rows(ctx)).toEqual(before);
      });
    }

    it('refuses a declined document included in the approval', async () => {
      const { made, queueToken } = await batchFor(ctx, 2);
      await declineSigning(ctx, made.requests[1]!.token, 'wrong');
      const before = await rows(ctx);
      await expect(beginBatchSigning(ctx, queueToken, made.requests.map((r) => r.request.id))).rejects.toMatchObject({ code: 'BATCH_STATEMENT_INVALID' });
      expect(await rows(ctx)).toEqual(before);
    });

    it('refuses the whole approval when one stored document no longer matches its hash', async () => {
      const { made, docs, queueToken } = await batchFor(ctx, 3);
      await writeFile(ctx.blobs.pathOf(docs[1]!.sha256), '%PDF-1.4 swapped');
      const before = await rows(ctx);
      const e = await beginBatchSigning(ctx, queueToken, made.requests.map((r) => r.request.id)).catch((x: unknown) => x);
      expect(e).toMatchObject({ code: 'DOCUMENT_TAMPERED' });
      expect(String((e as Error).message)).toContain(docs[1]!.sha256);
      expect(await rows(ctx)).toEqual(before);
    });

    it('the stored items rebuild the statement and each verifies offline', async () => {
      const { made, queueToken } = await batchFor(ctx, 4);
      const begun = asSigning(await beginBatchSigning(ctx, queueToken, made.requests.map((r) => r.request.id)));
      const { buildBatchApproval, decodeBatchApproval } = await import('./batch-statement');
      const a = decodeBatchApproval(new TextEncoder().encode(begun.statement))!;
      const rebuilt = await buildBatchApproval(a, begun.items);
      expect(new TextDecoder().decode(rebuilt.statement)).toBe(begun.statement);
      for (const it of rebuilt.items) verifyBatchItem(rebuilt.statement, it.bytes, it.index, it.path, { documentSha256: it.item.documentSha256 });
    });
  });
}

import { writeFile } from 'node:fs/promises';
import { eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '@/db/client';
import { asSigning, batchForAda, forgeApproval, registerFromQueue } from '@/test/support/batch-approval';
import { createTestContext, testDatabaseUrl, upload, type TestContext } from '@/test/support/context';
import { meta, newPasskey } from '@/test/support/multi-signer';
import { getEvidence } from '../evidence/get-evidence';
import { verifyAnyBundle } from '../evidence/verify-evidence-v2';
import { declineSigning } from '../signing/decline-signing';
import type { BatchItem } from './batch-statement';
import { beginBatchSigning } from './begin-batch-signing';
import { completeBatchSigning } from './complete-batch-signing';
import { createBatch } from './create-batch';

/** Everything an approval could change: records, ledger, batch items, request and signer states, counters. */
async function state(ctx: TestContext, ids: string[]) {
  return {
    records: (await ctx.db.select({ id: schema.signatureRecords.id }).from(schema.signatureRecords)).length,
    leaves: (await ctx.db.select({ idx: schema.ledgerLeaves.idx }).from(schema.ledgerLeaves)).length,
    items: (await ctx.db.select({ id: schema.batchRecordItems.recordId }).from(schema.batchRecordItems)).length,
    requests: await ctx.db.select({ id: schema.signingRequests.id, status: schema.signingRequests.status }).from(schema.signingRequests).where(inArray(schema.signingRequests.id, ids)).orderBy(schema.signingRequests.id),
    slots: await ctx.db.select({ id: schema.requestSigners.id, status: schema.requestSigners.status }).from(schema.requestSigners).where(inArray(schema.requestSigners.requestId, ids)).orderBy(schema.requestSigners.id),
    counters: await ctx.db.select({ id: schema.credentials.id, counter: schema.credentials.counter }).from(schema.credentials).orderBy(schema.credentials.id),
  };
}

async function itemsOf(ctx: TestContext, ids: string[]): Promise<BatchItem[]> {
  const rows = await ctx.db
    .select({ id: schema.signingRequests.id, title: schema.signingRequests.title, sha256: schema.documents.sha256 })
    .from(schema.signingRequests)
    .innerJoin(schema.documents, eq(schema.documents.id, schema.signingRequests.documentId))
    .where(inArray(schema.signingRequests.id, ids));
  return ids.map((id) => rows.find((r) => r.id === id)!).map((r) => ({ requestId: r.id, documentSha256: r.sha256, title: r.title }));
}

for (const postgres of [false, true]) {
  const backend = postgres && testDatabaseUrl() ? 'PostgreSQL' : 'PGlite';
  describe(`completeBatchSigning (${backend})`, () => {
    let ctx: TestContext;
    beforeAll(async () => {
      ctx = await createTestContext({}, { postgres });
    });
    afterAll(async () => ctx.dispose());

    /** A registered signer with a fresh approval challenge over every document of their batch. */
    async function ready(n: number) {
      const b = await batchForAda(ctx, n);
      const passkey = newPasskey();
      await registerFromQueue(ctx, b.queueToken, b.ids, passkey);
      const begun = asSigning(await beginBatchSigning(ctx, b.queueToken, b.ids));
      return { ...b, passkey, begun, q: { batchId: b.made.batch.id, signerId: b.signerId } };
    }

    it('a signer without a passkey registers from the batch begin, then one assertion records every document', async () => {
      const { ids, queueToken, passkey, begun } = await ready(4);
      const done = await completeBatchSigning(ctx, queueToken, passkey.assert(begun.options.challenge), meta);
      expect(done.records.map((r) => r.requestId)).toEqual(ids);
      expect(new Set(done.records.map((r) => r.ledgerIndex)).size).toBe(4);
      expect(done.records.every((r) => r.requestSigned)).toBe(true);
      const requests = await ctx.db.select().from(schema.signingRequests).where(inArray(schema.signingRequests.id, ids));
      expect(requests.map((r) => r.status)).toEqual(['signed', 'signed', 'signed', 'signed']);
      const stored = await ctx.db.select().from(schema.batchRecordItems).where(inArray(schema.batchRecordItems.recordId, done.records.map((r) => r.recordId)));
      expect(stored.map((s) => s.itemIndex).sort()).toEqual([0, 1, 2, 3]);
      expect(stored.every((s) => s.path.length === 2)).toBe(true);
    });

    it('each record\'s evidence proves offline that this approval covered its document hash, and a swapped item fails', async () => {
      const { queueToken, passkey, begun, made } = await ready(3);
      const done = await completeBatchSigning(ctx, queueToken, passkey.assert(begun.options.challenge), meta);
      const bundles = [];
      for (const [i, r] of done.records.entries()) {
        const bundle = await getEvidence(ctx, r.recordId);
        const report = await verifyAnyBundle(bundle, { documentSha256: made.requests[i]!.request.document.sha256 });
        expect(report.checks.filter((c) => !c.ok)).toEqual([]);
        expect(report.checks.map((c) => c.name)).toContain('batch approval covers the document');
        bundles.push(bundle as { batch?: { item: string; index: number; path: string[] } });
      }
      const [a, b] = [bundles[0]!, bundles[1]!];
      const swapped = { ...a, batch: b.batch };
      const report = await verifyAnyBundle(swapped);
      expect(report.ok).toBe(false);
      expect(report.checks.find((c) => c.name === 'batch approval covers the document')?.detail).toMatch(/to name document/);
      const noItem = { ...a, batch: undefined };
      expect((await verifyAnyBundle(noItem)).checks.find((c) => c.name === 'batch approval covers the document')?.ok).toBe(false);
      const wrongIndex = { ...a, batch: { ...a.batch!, index: (a.batch!.index + 1) % 3 } };
      expect((await verifyAnyBundle(wrongIndex)).ok).toBe(false);
    });

    it('refuses the same assertion replayed (CHALLENGE_USED) and records nothing more', async () => {
      const { ids, queueToken, passkey, begun } = await ready(2);
      const assertion = passkey.assert(begun.options.challenge);
      await completeBatchSigning(ctx, queueToken, assertion, meta);
      const before = await state(ctx, ids);
      await expect(completeBatchSigning(ctx, queueToken, assertion, meta)).rejects.toMatchObject({ code: 'CHALLENGE_USED' });
      expect(await state(ctx, ids)).toEqual(before);
    });

    it('refuses an assertion without user verification (USER_VERIFICATION_REQUIRED), nothing recorded', async () => {
      const { ids, queueToken, passkey, begun } = await ready(2);
      const before = await state(ctx, ids);
      await expect(completeBatchSigning(ctx, queueToken, passkey.assert(begun.options.challenge, { userVerified: false }), meta)).rejects.toMatchObject({ code: 'USER_VERIFICATION_REQUIRED' });
      expect(await state(ctx, ids)).toEqual(before);
    });

    it('refuses a document declined after begin and included in the approval, nothing recorded', async () => {
      const { ids, queueToken, passkey, begun, made } = await ready(3);
      await declineSigning(ctx, made.requests[1]!.token, 'wrong salary');
      const before = await state(ctx, ids);
      const e = await completeBatchSigning(ctx, queueToken, passkey.assert(begun.options.challenge), meta).catch((x: unknown) => x);
      expect(e).toMatchObject({ code: 'BATCH_STATEMENT_INVALID' });
      expect(String((e as Error).message)).toContain(`${ids[1]} (declined)`);
      expect(await state(ctx, ids)).toEqual(before);
    });

    it('refuses the whole approval when a stored document no longer matches its hash (DOCUMENT_TAMPERED)', async () => {
      const { ids, queueToken, passkey, begun, made } = await ready(3);
      await writeFile(ctx.blobs.pathOf(made.requests[2]!.request.document.sha256), '%PDF-1.4 swapped after begin');
      const before = await state(ctx, ids);
      await expect(completeBatchSigning(ctx, queueToken, passkey.assert(begun.options.challenge), meta)).rejects.toMatchObject({ code: 'DOCUMENT_TAMPERED' });
      expect(await state(ctx, ids)).toEqual(before);
    });

    // A statement the completion must refuse on its own, whatever begin let through.
    const forged: [string, (r: Awaited<ReturnType<typeof ready>>) => Promise<{ signed: BatchItem[]; stored?: BatchItem[] }>, RegExp][] = [
      [
        'names a document of another batch',
        async (r) => {
          const other = await batchForAda(ctx, 1, 'other');
          return { signed: [...(await itemsOf(ctx, r.ids)), ...(await itemsOf(ctx, other.ids))] };
        },
        /not this signer's document in this batch/,
      ],
      [
        'misses a document it claims',
        async (r) => {
          const all = await itemsOf(ctx, r.ids);
          return { signed: all, stored: all.slice(0, 2) };
        },
        /cover exactly the 2 stored documents; it claims 3/,
      ],
      [
        'names a hash that is not the stored document\'s',
        async (r) => {
          const all = await itemsOf(ctx, r.ids);
          all[1] = { ...all[1]!, documentSha256: 'ab'.repeat(32) };
          return { signed: all };
        },
        /names abab/,
      ],
    ];
    for (const [what, build, message] of forged) {
      it(`refuses a statement that ${what} (BATCH_STATEMENT_INVALID), nothing recorded`, async () => {
        const r = await ready(3);
        const { signed, stored } = await build(r);
        const challenge = await forgeApproval(ctx, r.q, signed, stored);
        const ids = [...new Set([...signed, ...(stored ?? [])].map((i) => i.requestId))];
        const before = await state(ctx, ids);
        const e = await completeBatchSigning(ctx, r.queueToken, r.passkey.assert(challenge), meta).catch((x: unknown) => x);
        expect(e).toMatchObject({ code: 'BATCH_STATEMENT_INVALID' });
        expect(String((e as Error).message)).toMatch(message);
        expect(await state(ctx, ids)).toEqual(before);
      });
    }

    it('refuses a statement that names a document of another signer of the same batch (BATCH_STATEMENT_INVALID), nothing recorded', async () => {
      const ada = { name: 'Ada', email: `ada.mixed${Math.random()}@example.com` };
      const mine = await upload(ctx, `%PDF-1.4 ada ${Math.random()}`);
      const bobs = await upload(ctx, `%PDF-1.4 bob ${Math.random()}`);
      const made = await createBatch(ctx, {
        name: 'Two signers',
        documents: [
          { documentId: mine.id, documentType: 'hr', signers: [ada] },
          { documentId: bobs.id, documentType: 'hr', signers: [{ name: 'Bob', email: `bob${Math.random()}@example.com` }] },
        ],
      });
      const link = made.signers.find((s) => s.name === 'Ada')!;
      const ids = made.requests.map((r) => r.request.id);
      const passkey = newPasskey();
      await registerFromQueue(ctx, link.token, [ids[0]!], passkey);
      const challenge = await forgeApproval(ctx, { batchId: made.batch.id, signerId: link.signerId }, await itemsOf(ctx, ids));
      const before = await state(ctx, ids);
      const e = await completeBatchSigning(ctx, link.token, passkey.assert(challenge), meta).catch((x: unknown) => x);
      expect(e).toMatchObject({ code: 'BATCH_STATEMENT_INVALID' });
      expect(String((e as Error).message)).toContain(`${ids[1]} (not this signer's document in this batch)`);
      expect(await state(ctx, ids)).toEqual(before);
    });

    it('refuses another queue\'s approval challenge (CHALLENGE_OTHER_REQUEST) without consuming it', async () => {
      const r = await ready(2);
      const other = await batchForAda(ctx, 1, 'thief');
      await expect(completeBatchSigning(ctx, other.queueToken, r.passkey.assert(r.begun.options.challenge), meta)).rejects.toMatchObject({ code: 'CHALLENGE_OTHER_REQUEST' });
      const done = await completeBatchSigning(ctx, r.queueToken, r.passkey.assert(r.begun.options.challenge), meta);
      expect(done.records).toHaveLength(2);
    });
  });
}


import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '@/db/client';
import { AppError, type ErrorCode } from '@/lib/errors';
import { createTestContext, testDatabaseUrl, upload, type TestContext } from '@/test/support/context';
import { addBatchDocuments } from './add-batch-documents';
import { cancelBatch, extendBatch } from './batch-lifecycle';
import { createBatch } from './create-batch';
import { getBatch } from './get-batch';
import { listBatches } from './list-batches';
import { reorderBatch } from './reorder-batch';
import { hashSigningToken } from '../signing/token';
import { declineSigning } from '../signing/decline-signing';

async function refused(call: Promise<unknown>, code: ErrorCode): Promise<AppError> {
  try {
    await call;
  } catch (e) {
    if (!(e instanceof AppError)) throw e;
    expect(e.code, e.message).toBe(code);
    return e;
  }
  throw new Error(`expected ${code}, the call succeeded`);
}

/** Every row a refused call must leave alone. */
async function state(ctx: TestContext) {
  return {
    batches: await ctx.db.select().from(schema.batches).orderBy(schema.batches.id),
    places: await ctx.db.select().from(schema.batchDocuments).orderBy(schema.batchDocuments.requestId),
    links: await ctx.db.select().from(schema.batchSigners).orderBy(schema.batchSigners.id),
    requests: await ctx.db.select({ id: schema.signingRequests.id, status: schema.signingRequests.status }).from(schema.signingRequests).orderBy(schema.signingRequests.id),
    signers: await ctx.db.select({ id: schema.signers.id }).from(schema.signers).orderBy(schema.signers.id),
  };
}

let seq = 0;
async function files(ctx: TestContext, n: number, prefix = 'doc') {
  const out = [];
  for (let i = 0; i < n; i++) out.push(await upload(ctx, `%PDF-1.4 ${prefix} ${++seq}`, `${prefix}-${i + 1}.pdf`));
  return out;
}

const ada = { name: 'Ada Lovelace', email: 'ada@example.com' };

for (const postgres of [false, true]) {
  const backend = postgres && testDatabaseUrl() ? 'PostgreSQL' : 'PGlite';
  describe(`batches (${backend})`, () => {
    let ctx: TestContext;
    beforeAll(async () => {
      ctx = await createTestContext({}, { postgres });
    });
    afterAll(async () => ctx.dispose());

    it('creates ordinary signing requests in priority then position order, with one queue link per signer', async () => {
      const docs = await files(ctx, 4);
      const made = await createBatch(ctx, {
        name: 'Onboarding 2026',
        signers: [ada],
        documents: [
          { documentId: docs[0]!.id, title: 'Handbook', documentType: 'hr', priority: 'low' },
          { documentId: docs[1]!.id, title: '劳动合同', documentType: 'contract', priority: 'urgent' },
          { documentId: docs[2]!.id, title: 'NDA', documentType: 'contract' },
          { documentId: docs[3]!.id, title: 'Bonus', documentType: 'hr', priority: 'urgent', signers: [{ name: 'Grace Hopper', email: 'grace@example.com' }] },
        ],
      });
      expect(made.batch.documents.map((d) => [d.request.title, d.priority, d.position])).toEqual([
        ['劳动合同', 'urgent', 1],
        ['Bonus', 'urgent', 3],
        ['NDA', 'normal', 2],
        ['Handbook', 'low', 0],
      ]);
      expect(made.requests).toHaveLength(4);
      expect(made.requests.every((r) => r.signUrl.includes('/s/'))).toBe(true);
      expect(made.signers.map((s) => s.name).sort()).toEqual(['Ada Lovelace', 'Grace Hopper']);
      const links = await ctx.db.select().from(schema.batchSigners).where(eq(schema.batchSigners.batchId, made.batch.id));
      expect(links.map((l) => l.tokenHash).sort()).toEqual(made.signers.map((s) => hashSigningToken(s.token)).sort());
      expect(JSON.stringify(links)).not.toContain(made.signers[0]!.token);
      expect(made.signers[0]!.queueUrl).toBe(`${ctx.config.origin}/q/${made.signers[0]!.token}`);
      expect(made.batch.counts).toMatchObject({ total: 4, waiting: 4, signed: 0 });
      expect(made.batch.status).toBe('open');
      const again = await getBatch(ctx, made.batch.id);
      expect(again.documents.map((d) => d.request.id)).toEqual(made.batch.documents.map((d) => d.request.id));
      expect((await listBatches(ctx)).find((b) => b.id === made.batch.id)?.counts.total).toBe(4);
    });

    it('takes titles, types, priorities and signers from a CSV manifest', async () => {
      const docs = await files(ctx, 2, 'm');
      const manifest = 'file,title,type,priority,signer name,email\nm-1.pdf,"Lease, flat 3",contract,high,Linus,linus@example.com\nm-2.pdf,发票,invoice,low,Ada Lovelace,ada@example.com\n';
      const made = await createBatch(ctx, { name: 'Manifest', manifest, documents: docs.map((d) => ({ documentId: d.id })) });
      expect(made.batch.documents.map((d) => [d.request.title, d.request.documentType, d.priority, d.request.signer.displayName])).toEqual([
        ['Lease, flat 3', 'contract', 'high', 'Linus'],
        ['发票', 'invoice', 'low', 'Ada Lovelace'],
      ]);
    });

    describe('bad input: a clear code and nothing written', () => {
      const cases: [string, ErrorCode, (ctx: TestContext) => Promise<unknown>][] = [
        ['an empty batch', 'BATCH_EMPTY', (c) => createBatch(c, { name: 'x', signers: [ada], documents: [] })],
        ['an unknown priority', 'PRIORITY_UNKNOWN', async (c) => {
          const d = await files(c, 2);
          return createBatch(c, { name: 'x', signers: [ada], documents: [{ documentId: d[0]!.id, documentType: 'hr' }, { documentId: d[1]!.id, documentType: 'hr', priority: 'asap' }] });
        }],
        ['a manifest missing a column', 'MANIFEST_INVALID', async (c) => {
          const d = await files(c, 1, 'mc');
          return createBatch(c, { name: 'x', manifest: 'file,title,type,priority,email\nmc-1.pdf,A,hr,low,a@example.com\n', documents: [{ documentId: d[0]!.id }] });
        }],
        ['a manifest naming an unknown file', 'MANIFEST_INVALID', async (c) => {
          const d = await files(c, 1, 'mu');
          return createBatch(c, { name: 'x', manifest: 'file,title,type,priority,signer name,email\nmu-1.pdf,A,hr,low,Ada,a@example.com\nnope.pdf,B,hr,low,Ada,a@example.com\n', documents: [{ documentId: d[0]!.id }] });
        }],
        ['a manifest with a duplicate row', 'MANIFEST_INVALID', async (c) => {
          const d = await files(c, 1, 'md');
          const row = 'md-1.pdf,A,hr,low,Ada,a@example.com\n';
          return createBatch(c, { name: 'x', manifest: `file,title,type,priority,signer name,email\n${row}${row}`, documents: [{ documentId: d[0]!.id }] });
        }],
        ['a manifest with a formula in a cell', 'MANIFEST_INVALID', async (c) => {
          const d = await files(c, 1, 'mf');
          return createBatch(c, { name: 'x', manifest: 'file,title,type,priority,signer name,email\nmf-1.pdf,"=HYPERLINK(""http://x"")",hr,low,Ada,a@example.com\n', documents: [{ documentId: d[0]!.id }] });
        }],
      ];
      for (const [what, code, call] of cases) {
        it(what, async () => {
          const before = await state(ctx);
          const e = await refused(call(ctx), code);
          const after = await state(ctx);
          expect({ ...after, signers: before.signers }).toEqual(before);
          if (code === 'MANIFEST_INVALID') expect(e.message).toMatch(/line \d/);
        });
      }

      it('501 documents', async () => {
        const docs = await files(ctx, 1, 'big');
        const many = Array.from({ length: 501 }, (_, i) => ({ documentId: `${docs[0]!.id}-${i}`, documentType: 'hr' }));
        const before = await state(ctx);
        await refused(createBatch(ctx, { name: 'too many', signers: [ada], documents: many }), 'BATCH_TOO_LARGE');
        expect(await state(ctx)).toEqual(before);
      });

      it('a manifest error names every bad line', async () => {
        const d = await files(ctx, 1, 'ml');
        const e = await refused(
          createBatch(ctx, { name: 'x', manifest: 'file,title,type,priority,signer name,email\nml-1.pdf,A,hr,low,Ada,a@example.com\nghost.pdf,B,hr,low,Ada,a@example.com\nml-1.pdf,@SUM(A1),hr,low,Ada,a@example.com\n', documents: [{ documentId: d[0]!.id }] }),
          'MANIFEST_INVALID',
        );
        expect(e.message).toContain('line 3: unknown file name "ghost.pdf"');
        expect(e.message).toContain('line 4: column "title" starts with a formula');
      });

      it('adding past 500 documents to an existing batch', async () => {
        const docs = await files(ctx, 1, 'add');
        const made = await createBatch(ctx, { name: 'grow', signers: [ada], documents: [{ documentId: docs[0]!.id, documentType: 'hr' }] });
        const before = await state(ctx);
        const many = Array.from({ length: 500 }, (_, i) => ({ documentId: `x-${i}`, documentType: 'hr' }));
        await refused(addBatchDocuments(ctx, made.batch.id, { signers: [ada], documents: many }), 'BATCH_TOO_LARGE');
        expect(await state(ctx)).toEqual(before);
      });

      it('reordering a complete batch', async () => {
        const docs = await files(ctx, 2, 'done');
        const made = await createBatch(ctx, { name: 'done', signers: [{ name: 'Zed' }], documents: docs.map((d) => ({ documentId: d.id, documentType: 'hr' })) });
        for (const r of made.requests) await declineSigning(ctx, r.token, 'not mine');
        expect((await getBatch(ctx, made.batch.id)).status).toBe('complete');
        const before = await state(ctx);
        await refused(reorderBatch(ctx, made.batch.id, [...made.batch.documents].reverse().map((d) => ({ requestId: d.request.id }))), 'BATCH_NOT_OPEN');
        expect(await state(ctx)).toEqual(before);
      });

      it('a reorder that misses a document', async () => {
        const docs = await files(ctx, 2, 'ro');
        const made = await createBatch(ctx, { name: 'ro', signers: [ada], documents: docs.map((d) => ({ documentId: d.id, documentType: 'hr' })) });
        const before = await state(ctx);
        await refused(reorderBatch(ctx, made.batch.id, [{ requestId: made.batch.documents[0]!.request.id }]), 'BATCH_ORDER_INVALID');
        expect(await state(ctx)).toEqual(before);
      });
    });

    it('adds, reorders, extends and cancels', async () => {
      const docs = await files(ctx, 3, 'life');
      const made = await createBatch(ctx, { name: 'life', signers: [ada], documents: docs.slice(0, 2).map((d) => ({ documentId: d.id, documentType: 'hr' })) });
      const added = await addBatchDocuments(ctx, made.batch.id, { signers: [{ name: 'New One', email: 'new@example.com' }], documents: [{ documentId: docs[2]!.id, documentType: 'hr', priority: 'high' }] });
      expect(added.batch.documents[0]!.priority).toBe('high');
      expect(added.signers.map((s) => s.name)).toEqual(['New One']);
      const ids = added.batch.documents.map((d) => d.request.id);
      const reordered = await reorderBatch(ctx, made.batch.id, [...ids].reverse().map((requestId) => ({ requestId, priority: 'normal' })));
      expect(reordered.documents.map((d) => d.request.id)).toEqual([...ids].reverse());
      const later = new Date(ctx.clock.now().getTime() + 72 * 3_600_000);
      const extended = await extendBatch(ctx, made.batch.id, later);
      expect(extended.documents.every((d) => d.request.expiresAt === later.toISOString())).toBe(true);
      const cancelled = await cancelBatch(ctx, made.batch.id, 'sent by mistake');
      expect(cancelled.status).toBe('cancelled');
      expect(cancelled.counts).toMatchObject({ total: 3, cancelled: 3, waiting: 0 });
      await refused(cancelBatch(ctx, made.batch.id, 'again'), 'BATCH_NOT_OPEN');
    });
  });
}

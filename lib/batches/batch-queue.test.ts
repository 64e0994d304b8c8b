import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '@/lib/errors';
import { createTestContext, sha256hex, testDatabaseUrl, upload, type TestContext } from '@/test/support/context';
import { declineSigning } from '../signing/decline-signing';
import { cancelBatch } from './batch-lifecycle';
import { createBatch } from './create-batch';
import { getBatchQueue, readQueueDocument } from './get-batch-queue';

let seq = 0;
const doc = (ctx: TestContext, name: string) => upload(ctx, `%PDF-1.4 queue ${++seq}`, name);

for (const postgres of [false, true]) {
  const backend = postgres && testDatabaseUrl() ? 'PostgreSQL' : 'PGlite';
  describe(`batch queue (${backend})`, () => {
    let ctx: TestContext;
    beforeAll(async () => {
      ctx = await createTestContext({}, { postgres });
    });
    afterAll(async () => ctx.dispose());

    it('lists what each signer may sign now, by priority then position; sequential signers wait their turn', async () => {
      const d = [await doc(ctx, 'a.pdf'), await doc(ctx, 'b.pdf'), await doc(ctx, 'c.pdf'), await doc(ctx, 'd.pdf')];
      const ada = { name: 'Ada', email: `ada${seq}@example.com` };
      const bob = { name: 'Bob', email: `bob${seq}@example.com` };
      const made = await createBatch(ctx, {
        name: 'Queue',
        signers: [ada],
        documents: [
          { documentId: d[0]!.id, title: 'Low one', documentType: 'hr', priority: 'low' },
          { documentId: d[1]!.id, title: 'Normal one', documentType: 'hr' },
          { documentId: d[2]!.id, title: 'Urgent one', documentType: 'hr', priority: 'urgent' },
          { documentId: d[3]!.id, title: 'Bob after Ada', documentType: 'contract', priority: 'high', signers: [ada, bob], order: 'sequential' },
        ],
      });
      const adaLink = made.signers.find((s) => s.name === 'Ada')!;
      const bobLink = made.signers.find((s) => s.name === 'Bob')!;
      const q = await getBatchQueue(ctx, adaLink.token);
      expect(q.documents.map((x) => [x.title, x.priority])).toEqual([['Urgent one', 'urgent'], ['Bob after Ada', 'high'], ['Normal one', 'normal'], ['Low one', 'low']]);
      expect(q.documents[0]!.documentSha256).toBe(d[2]!.sha256);
      const bobQ = await getBatchQueue(ctx, bobLink.token);
      expect(bobQ.documents).toEqual([]);
      expect(bobQ.counts.notYet).toBe(1);

      const low = made.requests.find((r) => r.request.title === 'Low one')!;
      await declineSigning(ctx, low.token, 'wrong version');
      const after = await getBatchQueue(ctx, adaLink.token);
      expect(after.documents.map((x) => x.title)).not.toContain('Low one');
      expect(after.counts.declined).toBe(1);

      const opened = await readQueueDocument(ctx, adaLink.token, q.documents[0]!.requestId);
      expect(opened.sha256).toBe(d[2]!.sha256);
      const chunks: Buffer[] = [];
      for await (const c of opened.stream) chunks.push(Buffer.from(c as Uint8Array));
      expect(sha256hex(Buffer.concat(chunks))).toBe(d[2]!.sha256);
      await expect(readQueueDocument(ctx, bobLink.token, q.documents[0]!.requestId)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    });

    it('an unknown or cancelled batch link is refused', async () => {
      await expect(getBatchQueue(ctx, 'not-a-token')).rejects.toBeInstanceOf(AppError);
      await expect(getBatchQueue(ctx, 'not-a-token')).rejects.toMatchObject({ code: 'QUEUE_TOKEN_UNKNOWN' });
      const made = await createBatch(ctx, { name: 'gone', signers: [{ name: 'Cy' }], documents: [{ documentId: (await doc(ctx, 'e.pdf')).id, documentType: 'hr' }] });
      await cancelBatch(ctx, made.batch.id, 'no longer needed');
      await expect(getBatchQueue(ctx, made.signers[0]!.token)).rejects.toMatchObject({ code: 'REQUEST_CANCELLED' });
    });
  });
}

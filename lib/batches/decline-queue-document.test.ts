import { inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '@/db/client';
import { batchForAda } from '@/test/support/batch-approval';
import { createTestContext, testDatabaseUrl, type TestContext } from '@/test/support/context';
import { declineQueueDocument } from './decline-queue-document';
import { getBatchQueue } from './get-batch-queue';

const statuses = async (ctx: TestContext, ids: string[]) =>
  (await ctx.db.select({ id: schema.signingRequests.id, status: schema.signingRequests.status, reason: schema.signingRequests.declineReason }).from(schema.signingRequests).where(inArray(schema.signingRequests.id, ids))).sort((a, b) => a.id.localeCompare(b.id));

for (const postgres of [false, true]) {
  const backend = postgres && testDatabaseUrl() ? 'PostgreSQL' : 'PGlite';
  describe(`declineQueueDocument (${backend})`, () => {
    let ctx: TestContext;
    beforeAll(async () => {
      ctx = await createTestContext({}, { postgres });
    });
    afterAll(async () => ctx.dispose());

    it('declines one document of the queue with its reason; the others stay to be signed', async () => {
      const { ids, queueToken } = await batchForAda(ctx, 3, 'decline');
      await declineQueueDocument(ctx, queueToken, ids[1]!, '  wrong salary ');
      const rows = await statuses(ctx, ids);
      expect(rows.find((r) => r.id === ids[1])).toMatchObject({ status: 'declined', reason: 'wrong salary' });
      expect(rows.filter((r) => r.status === 'pending')).toHaveLength(2);
      const queue = await getBatchQueue(ctx, queueToken);
      expect(queue.documents.map((d) => d.requestId)).toEqual([ids[0], ids[2]]);
      expect(queue.counts.declined).toBe(1);
    });

    it('refuses a document of another batch, or one already declined (BATCH_STATEMENT_INVALID), and changes nothing', async () => {
      const mine = await batchForAda(ctx, 2, 'decline-mine');
      const other = await batchForAda(ctx, 1, 'decline-other');
      await declineQueueDocument(ctx, mine.queueToken, mine.ids[0]!, null);
      const all = [...mine.ids, ...other.ids];
      const before = await statuses(ctx, all);
      await expect(declineQueueDocument(ctx, mine.queueToken, other.ids[0]!, 'not mine')).rejects.toMatchObject({ code: 'BATCH_STATEMENT_INVALID' });
      await expect(declineQueueDocument(ctx, mine.queueToken, mine.ids[0]!, 'again')).rejects.toMatchObject({ code: 'BATCH_STATEMENT_INVALID' });
      expect(await statuses(ctx, all)).toEqual(before);
    });
  });
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, testDatabaseUrl, upload, type TestContext } from '@/test/support/context';
import { declineSigning } from '../signing/decline-signing';
import { cancelBatch } from './batch-lifecycle';
import type { BatchView } from './batch-view';
import { createBatch } from './create-batch';
import { watchBatch } from './watch-batch';

/** Reads `event: batch` views until `until` holds or the stream ends. */
async function readViews(stream: ReadableStream<Uint8Array>, until: (views: BatchView[]) => boolean): Promise<{ views: BatchView[]; closed: boolean }> {
  const reader = stream.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  const views: BatchView[] = [];
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return { views, closed: true };
    buffer += decoder.decode(value, { stream: true });
    const events = buffer.split('\n\n');
    buffer = events.pop() ?? '';
    for (const e of events) {
      const m = /^event: batch\ndata: (.*)$/s.exec(e);
      if (m) views.push(JSON.parse(m[1]!) as BatchView);
    }
    if (until(views)) {
      reader.releaseLock();
      return { views, closed: false };
    }
  }
}

for (const postgres of [false, true]) {
  const backend = postgres && testDatabaseUrl() ? 'PostgreSQL' : 'PGlite';
  describe(`watchBatch (${backend})`, () => {
    let ctx: TestContext;
    beforeAll(async () => {
      ctx = await createTestContext({}, { postgres });
    });
    afterAll(async () => ctx.dispose());

    it('pushes the batch at once, again when one of its documents is declined, and ends when the batch is cancelled', async () => {
      const docs = await Promise.all([0, 1, 2].map((i) => upload(ctx, `%PDF-1.4 watch ${i} ${Math.random()}`, `w-${i}.pdf`)));
      const made = await createBatch(ctx, { name: 'Watched', signers: [{ name: 'Ada Lovelace' }], documents: docs.map((d) => ({ documentId: d.id, documentType: 'hr' })) });
      const stream = await watchBatch(ctx, made.batch.id, new AbortController().signal);
      const first = await readViews(stream, (v) => v.length >= 1);
      expect(first.views[0]!.counts).toMatchObject({ total: 3, waiting: 3, declined: 0 });

      const declined = readViews(stream, (v) => v.some((b) => b.counts.declined === 1));
      await declineSigning(ctx, made.requests[1]!.token, 'not mine');
      const { views } = await declined;
      expect(views.at(-1)!.counts).toMatchObject({ total: 3, waiting: 2, declined: 1 });
      expect(views.at(-1)!.documents.find((d) => d.request.id === made.requests[1]!.request.id)?.request.status).toBe('declined');

      const ended = readViews(stream, (v) => v.some((b) => b.status === 'cancelled'));
      await cancelBatch(ctx, made.batch.id, 'sent by mistake');
      const end = await ended;
      expect(end.views.at(-1)!.status).toBe('cancelled');
      const rest = await readViews(stream, () => false);
      expect(rest.closed).toBe(true);
    });

    it('answers NOT_FOUND before any stream for an unknown batch', async () => {
      await expect(watchBatch(ctx, '00000000-0000-4000-8000-000000000000', new AbortController().signal)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    });
  });
}

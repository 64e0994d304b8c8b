import type { Actor } from '../auth/actor';
import type { Context } from '../context';
import { subscribeRequestChanged } from '../signing/request-events';
import { getBatch } from './get-batch';
import { loadBatchView, type BatchView } from './batch-view';

const KEEPALIVE_MS = 15_000;

/**
 * A Server-Sent Events stream of a batch: the current view at once, then a new view whenever one of
 * its documents changes (the same NOTIFY channel the request page listens on, one subscription per
 * document, so any instance's signing shows). Changes that arrive while a view is being read are
 * folded into one more read, so 500 documents signed by one approval cost a handful of events,
 * not 500. Ends once the batch is complete or cancelled, or when the client goes away.
 */
export async function watchBatch(ctx: Context, id: string, signal: AbortSignal, actor?: Actor): Promise<ReadableStream<Uint8Array>> {
  // NOT_FOUND before the stream starts, also for an uploader watching someone else's batch.
  const initial = await getBatch(ctx, id, actor);
  const encoder = new TextEncoder();
  let cleanup = () => {};

  return new ReadableStream<Uint8Array>({
    async start(controller) {
      let closed = false;
      let lastSent = '';
      let reading = false;
      let again = false;
      const subscriptions = new Map<string, () => void>();
      const close = () => {
        if (closed) return;
        closed = true;
        cleanup();
        try {
          controller.close();
        } catch {
          /* already closed by the client */
        }
      };
      const send = (view: BatchView) => {
        if (closed) return;
        const json = JSON.stringify(view);
        if (json === lastSent) return;
        lastSent = json;
        controller.enqueue(encoder.encode(`event: batch\ndata: ${json}\n\n`));
        if (view.status !== 'open') close();
      };
      const refresh = async (): Promise<void> => {
        if (reading) {
          again = true;
          return;
        }
        reading = true;
        try {
          do {
            again = false;
            const view = await loadBatchView(ctx.db, ctx.clock.now(), id);
            await follow(view);
            send(view);
          } while (again && !closed);
        } catch (e) {
          console.error('[signet] batch event stream refresh failed', e);
        } finally {
          reading = false;
        }
      };
      // Documents added later (addBatchDocuments) are followed from the next view on.
      const follow = async (view: BatchView) => {
        for (const d of view.documents) {
          if (closed || subscriptions.has(d.request.id)) continue;
          subscriptions.set(d.request.id, await subscribeRequestChanged(ctx.database, d.request.id, () => void refresh()));
        }
      };
      const keepalive = setInterval(() => {
        if (!closed) controller.enqueue(encoder.encode(': keepalive\n\n'));
      }, KEEPALIVE_MS);
      cleanup = () => {
        for (const off of subscriptions.values()) off();
        subscriptions.clear();
        clearInterval(keepalive);
      };
      signal.addEventListener('abort', close, { once: true });
      controller.enqueue(encoder.encode('retry: 2000\n\n'));
      await follow(initial);
      send(initial);
    },
    cancel() {
      cleanup();
    },
  });
}

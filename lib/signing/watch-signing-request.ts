import { eq } from 'drizzle-orm';
import { schema } from '@/db/client';
import type { Actor } from '../auth/actor';
import type { Context } from '../context';
import { getSigningRequest } from './get-signing-request';
import { subscribeRequestChanged } from './request-events';
import type { SigningRequestView } from './request-view';
import { markExpired } from './resolve-token';

const KEEPALIVE_MS = 15_000;
const TERMINAL = new Set(['signed', 'declined', 'expired', 'cancelled']);

/**
 * A Server-Sent Events stream of a request's state: the current view at once, then a new view on
 * every change (NOTIFY from any instance), and the expiry itself when its time comes. Ends after a
 * terminal state or when the client goes away.
 */
export async function watchSigningRequest(ctx: Context, id: string, signal: AbortSignal, actor?: Actor): Promise<ReadableStream<Uint8Array>> {
  // NOT_FOUND before the stream starts, also for an uploader watching someone else's request.
  const initial = await getSigningRequest(ctx, id, actor);
  const encoder = new TextEncoder();
  let cleanup = () => {};

  return new ReadableStream<Uint8Array>({
    async start(controller) {
      let closed = false;
      let lastSent = '';
      const timers: ReturnType<typeof setTimeout>[] = [];
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
      const send = (view: SigningRequestView) => {
        if (closed) return;
        const json = JSON.stringify(view);
        if (json === lastSent) return;
        lastSent = json;
        controller.enqueue(encoder.encode(`event: request\ndata: ${json}\n\n`));
        if (TERMINAL.has(view.status)) close();
      };
      const refresh = async () => {
        try {
          send(await getSigningRequest(ctx, id));
        } catch (e) {
          console.error('[signet] event stream refresh failed', e);
        }
      };

      const unsubscribe = await subscribeRequestChanged(ctx.database, id, () => void refresh());
      const keepalive = setInterval(() => {
        if (!closed) controller.enqueue(encoder.encode(': keepalive\n\n'));
      }, KEEPALIVE_MS);
      // The request's own expiry; staff may extend it meanwhile, and then the timer waits for the new one.
      const scheduleExpiry = (expiresAt: string) => {
        const untilExpiry = new Date(expiresAt).getTime() - ctx.clock.now().getTime();
        if (untilExpiry >= 2 ** 31 - 1) return;
        timers.push(
          setTimeout(() => {
            void (async () => {
              const [row] = await ctx.db.select({ expiresAt: schema.signingRequests.expiresAt }).from(schema.signingRequests).where(eq(schema.signingRequests.id, id));
              if (row && row.expiresAt.getTime() > new Date(expiresAt).getTime()) return scheduleExpiry(row.expiresAt.toISOString());
              await markExpired(ctx, id);
              await refresh();
            })().catch((e: unknown) => console.error('[signet] expiry timer failed', e));
          }, Math.max(untilExpiry, 0) + 50),
        );
      };
      if (!TERMINAL.has(initial.status)) scheduleExpiry(initial.expiresAt);
      cleanup = () => {
        unsubscribe();
        clearInterval(keepalive);
        timers.forEach(clearTimeout);
      };
      signal.addEventListener('abort', close, { once: true });
      controller.enqueue(encoder.encode('retry: 2000\n\n'));
      send(initial);
    },
    cancel() {
      cleanup();
    },
  });
}

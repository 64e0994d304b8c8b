import type { Context } from '../context';
import { isAppError } from '../errors';
import { getCeremony, type CeremonyView } from './get-ceremony';
import { subscribeRequestChanged } from './request-events';
import { findRequestByToken } from './resolve-token';

const KEEPALIVE_MS = 15_000;
const FINAL = new Set(['signed', 'declined', 'expired', 'cancelled']);

/**
 * The phone's live view of its ceremony (Server-Sent Events): `event: ceremony` with the current
 * CeremonyView at once and on every change of the request (another signer signed, so this one's
 * turn came; a decline), or `event: problem` with `{ code }` once the link stops working
 * (REQUEST_CANCELLED, REQUEST_EXPIRED, a reissued link's TOKEN_UNKNOWN), after which it ends.
 */
export async function watchCeremony(ctx: Context, token: string, signal: AbortSignal): Promise<ReadableStream<Uint8Array>> {
  // TOKEN_UNKNOWN before the stream starts.
  const request = await findRequestByToken(ctx, token);
  const encoder = new TextEncoder();
  let cleanup = () => {};
  return new ReadableStream<Uint8Array>({
    async start(controller) {
      let closed = false;
      let last = '';
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
      const emit = (event: string, data: unknown) => {
        if (closed) return;
        const json = JSON.stringify(data);
        if (json === last) return;
        last = json;
        controller.enqueue(encoder.encode(`event: ${event}\ndata: ${json}\n\n`));
      };
      const refresh = async () => {
        try {
          const view: CeremonyView = await getCeremony(ctx, token);
          emit('ceremony', view);
          if (FINAL.has(view.status)) close();
        } catch (e) {
          if (!isAppError(e)) {
            console.error('[signet] ceremony stream refresh failed', e);
            return;
          }
          emit('problem', { code: e.code });
          close();
        }
      };
      const unsubscribe = await subscribeRequestChanged(ctx.database, request.id, () => void refresh());
      const keepalive = setInterval(() => {
        if (!closed) controller.enqueue(encoder.encode(': keepalive\n\n'));
      }, KEEPALIVE_MS);
      cleanup = () => {
        unsubscribe();
        clearInterval(keepalive);
      };
      signal.addEventListener('abort', close, { once: true });
      controller.enqueue(encoder.encode('retry: 2000\n\n'));
      await refresh();
    },
    cancel() {
      cleanup();
    },
  });
}

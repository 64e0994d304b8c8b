import type { Context } from '../context';
import { expireLapsedRequests } from './expire-requests';

/** How often the server looks for lapsed requests to record as expired. */
export const EXPIRY_SWEEP_MS = 60_000;

/**
 * Records lapsed requests as expired at server start and every minute after (actor system). Each
 * request is logged once however many instances sweep, because markExpired's UPDATE is conditional.
 */
export function startExpirySweep(ctx: Context): () => void {
  let running = false;
  const sweep = () => {
    if (running) return;
    running = true;
    expireLapsedRequests(ctx)
      .catch((e: unknown) => console.error('[signet] expiry sweep failed; retrying in a minute', e))
      .finally(() => {
        running = false;
      });
  };
  sweep();
  const timer = setInterval(sweep, EXPIRY_SWEEP_MS);
  timer.unref?.();
  return () => clearInterval(timer);
}

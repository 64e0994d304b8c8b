import type { Context } from '../context';
import { SealQueue } from './seal-queue';
import { findSealedPdf } from './sealed-pdf-store';
import { sealRequest } from './seal-request';

const queues = new WeakMap<Context, SealQueue>();

/** The process's seal queue for this context (one seal at a time, yielding to signings). */
export function sealQueueFor(ctx: Context): SealQueue {
  let queue = queues.get(ctx);
  if (!queue) {
    queue = new SealQueue(async (requestId) => {
      if ((await findSealedPdf(ctx, requestId))?.status === 'sealed') return;
      await sealRequest(ctx, requestId);
    });
    queues.set(ctx, queue);
  }
  return queue;
}

/**
 * The hook for "this request is now fully signed": seals it in the background (seal-queue.ts), so
 * the signer's answer does not wait for it and signings are not slowed by it. A failure is logged
 * and recorded (sealed_pdfs.status failed); getSealedPdf retries. Safe to call more than once.
 */
export function sealWhenSigned(ctx: Context, requestId: string): void {
  sealQueueFor(ctx).enqueue(requestId);
}

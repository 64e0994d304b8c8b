import { eq } from 'drizzle-orm';
import { schema } from '@/db/client';
import type { Actor } from '../auth/actor';
import type { Context } from '../context';
import { AppError } from '../errors';
import { changeOpenBatch } from './batch-guard';
import { loadBatchView, type BatchView } from './batch-view';
import { parsePriority } from './priority';

export interface ReorderEntry {
  requestId: string;
  /** A new priority for this document; unchanged when absent. */
  priority?: string;
}

/** Sets the batch's order: `order` lists every document once, first to last; positions follow it. */
export async function reorderBatch(ctx: Context, id: string, order: ReorderEntry[], actor?: Actor): Promise<BatchView> {
  const priorities = order.map((e, i) => (e.priority === undefined ? undefined : parsePriority(e.priority, `order[${i}]`)));
  await changeOpenBatch(ctx, id, actor, async (tx, view) => {
    const ids = new Set(view.documents.map((d) => d.request.id));
    const listed = new Set(order.map((e) => e.requestId));
    if (listed.size !== order.length || listed.size !== ids.size || [...listed].some((r) => !ids.has(r))) {
      throw new AppError('BATCH_ORDER_INVALID', `expected each of the batch's ${ids.size} documents exactly once, got ${order.length} entries (${listed.size} distinct)`);
    }
    for (const [i, e] of order.entries()) {
      await tx
        .update(schema.batchDocuments)
        .set(priorities[i] ? { position: i, priority: priorities[i] } : { position: i })
        .where(eq(schema.batchDocuments.requestId, e.requestId));
    }
  });
  return loadBatchView(ctx.db, ctx.clock.now(), id);
}

import type { Actor } from '../auth/actor';
import { assertVisible } from '../auth/ownership';
import type { Context } from '../context';
import { loadBatchView, type BatchView } from './batch-view';

/** One batch with every document in signing order and the counts. */
export async function getBatch(ctx: Context, id: string, actor?: Actor): Promise<BatchView> {
  await assertVisible(ctx, actor, 'batch', id, `expected an existing batch id, got "${id}"`);
  return loadBatchView(ctx.db, ctx.clock.now(), id);
}

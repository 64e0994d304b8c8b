import { eq } from 'drizzle-orm';
import { schema, type Db } from '@/db/client';
import type { Actor } from '../auth/actor';
import { assertVisible } from '../auth/ownership';
import type { Context } from '../context';
import { AppError } from '../errors';
import { loadBatchView, type BatchView } from './batch-view';

/**
 * Runs a change on an open batch inside one transaction, the batch row locked so two changes of
 * one batch apply one after the other. A complete or cancelled batch answers BATCH_NOT_OPEN.
 */
export async function changeOpenBatch<T>(ctx: Context, id: string, actor: Actor | undefined, change: (tx: Db, view: BatchView) => Promise<T>): Promise<T> {
  await assertVisible(ctx, actor, 'batch', id, `expected an existing batch id, got "${id}"`);
  return ctx.db.transaction(async (t) => {
    const tx = t as unknown as Db;
    const [row] = await tx.select({ id: schema.batches.id }).from(schema.batches).where(eq(schema.batches.id, id)).for('update');
    if (!row) throw new AppError('NOT_FOUND', `expected an existing batch id, got "${id}"`);
    const view = await loadBatchView(tx, ctx.clock.now(), id);
    if (view.status !== 'open') throw new AppError('BATCH_NOT_OPEN', `expected an open batch, this one is ${view.status}`);
    return change(tx, view);
  });
}

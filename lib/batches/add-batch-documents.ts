import type { Actor } from '../auth/actor';
import type { Context } from '../context';
import { AppError } from '../errors';
import { insertDocuments, prepareDocuments, type BatchDocumentsInput } from './batch-documents';
import { changeOpenBatch } from './batch-guard';
import { loadBatchView } from './batch-view';
import type { CreatedBatch } from './create-batch';
import { getBatch } from './get-batch';
import { MAX_BATCH_DOCUMENTS } from './priority';

/** Adds documents after the batch's last position; new signers get their queue link (shown once). */
export async function addBatchDocuments(ctx: Context, id: string, input: BatchDocumentsInput, actor?: Actor): Promise<CreatedBatch> {
  // Checked before the transaction: on PGlite's one connection a read outside it would wait for it.
  const prepared = await prepareDocuments(ctx, input, (await getBatch(ctx, id, actor)).documents.length, actor);
  const made = await changeOpenBatch(ctx, id, actor, async (tx, view) => {
    if (view.documents.length + prepared.length > MAX_BATCH_DOCUMENTS) {
      throw new AppError('BATCH_TOO_LARGE', `expected at most ${MAX_BATCH_DOCUMENTS} documents in a batch, got ${view.documents.length + prepared.length}`);
    }
    const next = view.documents.reduce((m, d) => Math.max(m, d.position + 1), 0);
    return insertDocuments(ctx, tx, id, prepared, next, input, actor);
  });
  return { batch: await loadBatchView(ctx.db, ctx.clock.now(), id), requests: made.requests, signers: made.links };
}

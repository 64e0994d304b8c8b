import { schema, type Db } from '@/db/client';
import type { Actor } from '../auth/actor';
import { recordOwner } from '../auth/ownership';
import type { Context } from '../context';
import { AppError } from '../errors';
import type { CreatedSigningRequest } from '../signing/create-signing-request';
import { insertDocuments, prepareDocuments, type BatchDocumentsInput, type BatchQueueLink } from './batch-documents';
import { loadBatchView, type BatchView } from './batch-view';

export const BATCH_NAME_MAX = 200;

export interface CreateBatchInput extends BatchDocumentsInput {
  name: string;
}

export interface CreatedBatch {
  batch: BatchView;
  /** As createSigningRequest answers each: the per-signer links are shown once. */
  requests: CreatedSigningRequest[];
  /** One queue link per signer of the batch, shown once. */
  signers: BatchQueueLink[];
}

/** Who created something, as people read it. */
export function actorLabel(actor: Actor | undefined): string {
  return actor && (actor.kind === 'staff' || actor.kind === 'api_key' || actor.kind === 'system') ? actor.name : 'system';
}

/**
 * Creates a batch of up to 500 documents, each an ordinary signing request placed in the batch
 * with its priority and position, in one transaction: any bad input leaves nothing behind.
 */
export async function createBatch(ctx: Context, input: CreateBatchInput, actor?: Actor): Promise<CreatedBatch> {
  const name = input.name.trim();
  if (!name) throw new AppError('VALIDATION_FAILED', 'expected a batch name, got an empty one');
  if (name.length > BATCH_NAME_MAX) throw new AppError('VALIDATION_FAILED', `expected a batch name of at most ${BATCH_NAME_MAX} characters, got ${name.length}`);
  const prepared = await prepareDocuments(ctx, input, 0, actor);
  const now = ctx.clock.now();
  const id = ctx.random.uuid();
  const hours = input.expiresInHours ?? ctx.config.requestTtlHours;
  const made = await ctx.db.transaction(async (t) => {
    const tx = t as unknown as Db;
    await tx.insert(schema.batches).values({ id, name, createdBy: actorLabel(actor), createdAt: now, expiresAt: new Date(now.getTime() + hours * 3_600_000), status: 'open' });
    await recordOwner(tx, actor, 'batch', id, now);
    return insertDocuments(ctx, tx, id, prepared, 0, input, actor);
  });
  return { batch: await loadBatchView(ctx.db, ctx.clock.now(), id), requests: made.requests, signers: made.links };
}

import { desc, eq, inArray } from 'drizzle-orm';
import { schema } from '@/db/client';
import type { Actor } from '../auth/actor';
import { visibilityFor, visibleWhere } from '../auth/ownership';
import type { Context } from '../context';
import { effectiveStatus } from '../signing/request-view';
import { batchStatus, countStatuses, type BatchView } from './batch-view';

/** A batch as the list shows it: everything but its documents. */
export type BatchSummary = Omit<BatchView, 'documents' | 'cancelledAt' | 'cancelReason'>;

/** The batches the actor may see, newest first. */
export async function listBatches(ctx: Context, query: { limit?: number; offset?: number } = {}, actor?: Actor): Promise<BatchSummary[]> {
  const visibility = await visibilityFor(ctx, actor);
  const rows = await ctx.db
    .select()
    .from(schema.batches)
    .where(visibleWhere(visibility, 'batch', schema.batches.id))
    .orderBy(desc(schema.batches.createdAt), desc(schema.batches.id))
    .limit(Math.min(query.limit ?? 50, 200))
    .offset(query.offset ?? 0);
  if (rows.length === 0) return [];
  const now = ctx.clock.now();
  const docs = await ctx.db
    .select({ batchId: schema.batchDocuments.batchId, status: schema.signingRequests.status, expiresAt: schema.signingRequests.expiresAt })
    .from(schema.batchDocuments)
    .innerJoin(schema.signingRequests, eq(schema.signingRequests.id, schema.batchDocuments.requestId))
    .where(inArray(schema.batchDocuments.batchId, rows.map((r) => r.id)));
  return rows.map((r) => {
    const counts = countStatuses(docs.filter((d) => d.batchId === r.id).map((d) => effectiveStatus(d, now)));
    return { id: r.id, name: r.name, createdBy: r.createdBy, createdAt: r.createdAt.toISOString(), expiresAt: r.expiresAt.toISOString(), status: batchStatus(r, counts), counts };
  });
}

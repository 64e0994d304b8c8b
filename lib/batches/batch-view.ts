import { eq, inArray } from 'drizzle-orm';
import { schema, type Db } from '@/db/client';
import { AppError } from '../errors';
import { loadRequestViews, type RequestStatus, type SigningRequestView } from '../signing/request-view';
import { bySigningOrder, type Priority } from './priority';

export type BatchStatus = 'open' | 'complete' | 'cancelled';

export interface BatchCounts {
  total: number;
  signed: number;
  declined: number;
  /** Pending or opened: still to be signed. */
  waiting: number;
  expired: number;
  cancelled: number;
}

export interface BatchDocumentView {
  position: number;
  priority: Priority;
  request: SigningRequestView;
}

export interface BatchView {
  id: string;
  name: string;
  createdBy: string;
  createdAt: string;
  expiresAt: string;
  status: BatchStatus;
  cancelledAt: string | null;
  cancelReason: string | null;
  counts: BatchCounts;
  /** In signing order: priority, then position. */
  documents: BatchDocumentView[];
}

export type BatchRow = typeof schema.batches.$inferSelect;

export function countStatuses(statuses: RequestStatus[]): BatchCounts {
  const c: BatchCounts = { total: statuses.length, signed: 0, declined: 0, waiting: 0, expired: 0, cancelled: 0 };
  for (const s of statuses) {
    if (s === 'pending' || s === 'opened') c.waiting++;
    else c[s]++;
  }
  return c;
}

/** Cancelled when cancelled; complete once no document is still waiting; else open. */
export function batchStatus(row: Pick<BatchRow, 'status'>, counts: BatchCounts): BatchStatus {
  if (row.status === 'cancelled') return 'cancelled';
  return counts.total > 0 && counts.waiting === 0 ? 'complete' : 'open';
}

export async function loadBatchRow(db: Db, id: string): Promise<BatchRow> {
  const [row] = await db.select().from(schema.batches).where(eq(schema.batches.id, id));
  if (!row) throw new AppError('NOT_FOUND', `expected an existing batch id, got "${id}"`);
  return row;
}

export async function loadBatchView(db: Db, now: Date, id: string): Promise<BatchView> {
  const row = await loadBatchRow(db, id);
  const places = await db.select().from(schema.batchDocuments).where(eq(schema.batchDocuments.batchId, id));
  const views = places.length
    ? await loadRequestViews(db, now, { where: inArray(schema.signingRequests.id, places.map((p) => p.requestId)), limit: places.length })
    : [];
  const byId = new Map(views.map((v) => [v.id, v]));
  const documents = places
    .sort(bySigningOrder)
    .map((p): BatchDocumentView => ({ position: p.position, priority: p.priority as Priority, request: byId.get(p.requestId)! }));
  const counts = countStatuses(documents.map((d) => d.request.status));
  return {
    id: row.id,
    name: row.name,
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
    expiresAt: row.expiresAt.toISOString(),
    status: batchStatus(row, counts),
    cancelledAt: row.cancelledAt?.toISOString() ?? null,
    cancelReason: row.cancelReason,
    counts,
    documents,
  };
}

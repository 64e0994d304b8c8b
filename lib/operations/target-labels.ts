import { eq, inArray } from 'drizzle-orm';
import { schema } from '@/db/client';
import type { Context } from '../context';
import type { OperationView } from './list-operations';

/** What a person reads for an id in the log, and where it leads (a page of the staff app). */
export interface TargetLabel {
  label: string;
  href?: string;
}

const UUID = /^[0-9a-f-]{36}$/;

/**
 * Human names for the operation log's ids: a request's title (a signature record's request title),
 * a document's file name, a batch's name, a staff member's name, for targets and for staff actors.
 * The log itself keeps the ids (it is evidence); this only helps people read it. A staff member
 * links to the log filtered to them. Ids that no longer resolve keep their id.
 */
export async function targetLabels(ctx: Context, operations: readonly OperationView[]): Promise<Map<string, TargetLabel>> {
  const ids = (type: string) => [...new Set(operations.filter((o) => o.target?.type === type && o.target.id).map((o) => o.target!.id!))].filter((id) => UUID.test(id));
  const actorIds = operations.filter((o) => o.actor.kind === 'staff' && o.actor.id && UUID.test(o.actor.id)).map((o) => o.actor.id!);
  const labels = new Map<string, TargetLabel>();
  const requestIds = ids('request');
  const recordIds = ids('record');
  const userIds = [...new Set([...ids('user'), ...actorIds])];
  if (requestIds.length) {
    const r = schema.signingRequests;
    for (const row of await ctx.db.select({ id: r.id, title: r.title }).from(r).where(inArray(r.id, requestIds))) labels.set(row.id, { label: row.title, href: `/requests/${row.id}` });
  }
  if (recordIds.length) {
    const s = schema.signatureRecords;
    const r = schema.signingRequests;
    const rows = await ctx.db.select({ id: s.id, requestId: r.id, title: r.title }).from(s).innerJoin(r, eq(r.id, s.requestId)).where(inArray(s.id, recordIds));
    for (const row of rows) labels.set(row.id, { label: row.title, href: `/requests/${row.requestId}` });
  }
  if (ids('document').length) {
    const d = schema.documents;
    for (const row of await ctx.db.select({ id: d.id, name: d.originalName }).from(d).where(inArray(d.id, ids('document')))) labels.set(row.id, { label: row.name });
  }
  if (ids('batch').length) {
    const b = schema.batches;
    for (const row of await ctx.db.select({ id: b.id, name: b.name }).from(b).where(inArray(b.id, ids('batch')))) labels.set(row.id, { label: row.name });
  }
  if (userIds.length) {
    const u = schema.staffUsers;
    for (const row of await ctx.db.select({ id: u.id, name: u.name }).from(u).where(inArray(u.id, userIds))) {
      labels.set(row.id, { label: row.name, href: `/operations?${new URLSearchParams({ actor: row.id })}` });
    }
  }
  return labels;
}

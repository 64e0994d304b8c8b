import { inArray } from 'drizzle-orm';
import { schema } from '@/db/client';
import type { Context } from '../context';
import type { OperationView } from './list-operations';

/**
 * Human names for the operation log's targets: a request's title, a staff member's name. The log
 * itself keeps the ids (it is evidence); this only helps people read it. Ids that no longer
 * resolve keep their id.
 */
export async function targetLabels(ctx: Context, operations: readonly OperationView[]): Promise<Map<string, string>> {
  const ids = (type: string) => [...new Set(operations.filter((o) => o.target?.type === type && o.target.id).map((o) => o.target!.id!))].filter((id) => /^[0-9a-f-]{36}$/.test(id));
  const requestIds = ids('request');
  const userIds = ids('user');
  const labels = new Map<string, string>();
  if (requestIds.length) {
    const rows = await ctx.db.select({ id: schema.signingRequests.id, title: schema.signingRequests.title }).from(schema.signingRequests).where(inArray(schema.signingRequests.id, requestIds));
    for (const r of rows) labels.set(r.id, r.title);
  }
  if (userIds.length) {
    const rows = await ctx.db.select({ id: schema.staffUsers.id, name: schema.staffUsers.name }).from(schema.staffUsers).where(inArray(schema.staffUsers.id, userIds));
    for (const r of rows) labels.set(r.id, r.name);
  }
  return labels;
}

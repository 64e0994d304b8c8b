import { and, desc, eq, gte, like, lt, lte, or, type SQL } from 'drizzle-orm';
import { schema } from '@/db/client';
import type { Context } from '../context';
import { AppError } from '../errors';
import type { ListOperationsInput, OperationFilter } from './operations-query';

export interface OperationView {
  id: string;
  at: string;
  actor: { kind: string; id: string | null; name: string | null };
  action: string;
  target: { type: string; id: string | null } | null;
  outcome: string;
  errorCode: string | null;
  ip: string | null;
  userAgent: string | null;
  requestId: string | null;
  details: Record<string, unknown> | null;
}

export interface OperationPage {
  operations: OperationView[];
  /** Pass as `cursor` for the next (older) page; null on the last page. */
  nextCursor: string | null;
}

const o = schema.operations;

/** `_` and `%` in a LIKE pattern are wildcards; an action family's prefix must match literally. */
const escapeLike = (s: string): string => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * The WHERE clause for the filters: every value is a bound parameter (drizzle), so text carrying
 * SQL is compared literally. Shared by the page, the API and the export.
 */
export function operationWhere(filter: OperationFilter): SQL | undefined {
  const parts: (SQL | undefined)[] = [];
  if (filter.from) parts.push(gte(o.at, new Date(filter.from)));
  if (filter.to) parts.push(lte(o.at, new Date(filter.to)));
  if (filter.actorKind) parts.push(eq(o.actorKind, filter.actorKind));
  if (filter.actor) parts.push(or(eq(o.actorId, filter.actor), eq(o.actorName, filter.actor)));
  if (filter.action) {
    parts.push(filter.action.endsWith('.*') ? like(o.action, `${escapeLike(filter.action.slice(0, -1))}%`) : eq(o.action, filter.action));
  }
  if (filter.targetType) parts.push(eq(o.targetType, filter.targetType));
  if (filter.targetId) parts.push(eq(o.targetId, filter.targetId));
  if (filter.outcome) parts.push(eq(o.outcome, filter.outcome));
  return parts.length ? and(...parts) : undefined;
}

function encodeCursor(row: { at: Date; id: string }): string {
  return Buffer.from(JSON.stringify([row.at.toISOString(), row.id])).toString('base64url');
}

function decodeCursor(cursor: string): { at: Date; id: string } {
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    const date = new Date(String(at));
    if (typeof id === 'string' && !Number.isNaN(date.getTime())) return { at: date, id };
  } catch {
    // fall through
  }
  throw new AppError('VALIDATION_FAILED', 'expected cursor to be the nextCursor of a previous page, got something else');
}

export function toOperationView(r: typeof o.$inferSelect): OperationView {
  return {
    id: r.id,
    at: r.at.toISOString(),
    actor: { kind: r.actorKind, id: r.actorId, name: r.actorName },
    action: r.action,
    target: r.targetType || r.targetId ? { type: r.targetType ?? '', id: r.targetId } : null,
    outcome: r.outcome,
    errorCode: r.errorCode,
    ip: r.ip,
    userAgent: r.userAgent,
    requestId: r.requestId,
    details: r.details ?? null,
  };
}

/** One page of the log, newest first, with keyset pagination on (at, id): stable while rows arrive. */
export async function listOperations(ctx: Pick<Context, 'db'>, input: ListOperationsInput): Promise<OperationPage> {
  const after = input.cursor ? decodeCursor(input.cursor) : null;
  const keyset = after ? or(lt(o.at, after.at), and(eq(o.at, after.at), lt(o.id, after.id))) : undefined;
  const rows = await ctx.db
    .select()
    .from(o)
    .where(and(operationWhere(input), keyset))
    .orderBy(desc(o.at), desc(o.id))
    .limit(input.limit + 1);
  const page = rows.slice(0, input.limit);
  const last = page[page.length - 1];
  return { operations: page.map(toOperationView), nextCursor: rows.length > input.limit && last ? encodeCursor(last) : null };
}

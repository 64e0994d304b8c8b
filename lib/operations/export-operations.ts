import { and, desc, eq, lt, or, type SQL } from 'drizzle-orm';
import { stringify } from 'csv-stringify/sync';
import { schema } from '@/db/client';
import type { Context } from '../context';
import { operationWhere, toOperationView, type OperationView } from './list-operations';
import type { OperationFilter } from './operations-query';

/** Most rows one export carries; narrow the filters for more. */
export const EXPORT_MAX_ROWS = 100_000;
const BATCH = 1_000;

export const CSV_COLUMNS = ['at', 'actor_kind', 'actor_id', 'actor_name', 'action', 'target_type', 'target_id', 'outcome', 'error_code', 'ip', 'user_agent', 'request_id', 'details'] as const;

/**
 * A spreadsheet runs a cell that starts with = + - @ (or TAB/CR, which some strip first) as a
 * formula (CWE-1236; OWASP "CSV Injection"). Such cells get a leading apostrophe, which makes the
 * spreadsheet show the text as typed.
 */
export function neutraliseCell(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

function csvRow(v: OperationView): string[] {
  const cells = [v.at, v.actor.kind, v.actor.id, v.actor.name, v.action, v.target?.type, v.target?.id, v.outcome, v.errorCode, v.ip, v.userAgent, v.requestId, v.details ? JSON.stringify(v.details) : null];
  return cells.map((c) => neutraliseCell(c ?? ''));
}

/** Every matching row, newest first, read in keyset batches so memory stays flat. */
async function* matching(ctx: Pick<Context, 'db'>, filter: OperationFilter): AsyncGenerator<OperationView[]> {
  const o = schema.operations;
  let after: { at: Date; id: string } | null = null;
  let sent = 0;
  while (sent < EXPORT_MAX_ROWS) {
    const keyset: SQL | undefined = after ? or(lt(o.at, after.at), and(eq(o.at, after.at), lt(o.id, after.id))) : undefined;
    const rows: (typeof o.$inferSelect)[] = await ctx.db
      .select()
      .from(o)
      .where(and(operationWhere(filter), keyset))
      .orderBy(desc(o.at), desc(o.id))
      .limit(Math.min(BATCH, EXPORT_MAX_ROWS - sent));
    if (rows.length === 0) return;
    sent += rows.length;
    const last: typeof o.$inferSelect = rows[rows.length - 1]!;
    after = { at: last.at, id: last.id };
    yield rows.map(toOperationView);
    if (rows.length < BATCH) return;
  }
}

export interface OperationExport {
  contentType: string;
  fileName: string;
  body: ReadableStream<Uint8Array>;
}

/** The filtered log as CSV (RFC 4180, via csv-stringify, formula-safe) or as a JSON array, streamed. */
export function exportOperations(ctx: Pick<Context, 'db' | 'clock'>, filter: OperationFilter, format: 'csv' | 'json'): OperationExport {
  const encoder = new TextEncoder();
  const batches = matching(ctx, filter);
  let first = true;
  const body = new ReadableStream<Uint8Array>({
    async start(controller) {
      controller.enqueue(encoder.encode(format === 'csv' ? stringify([[...CSV_COLUMNS]]) : '['));
    },
    async pull(controller) {
      const next = await batches.next();
      if (next.done) {
        if (format === 'json') controller.enqueue(encoder.encode(first ? ']\n' : '\n]\n'));
        controller.close();
        return;
      }
      if (format === 'csv') controller.enqueue(encoder.encode(stringify(next.value.map(csvRow))));
      else {
        const text = next.value.map((v, i) => `${first && i === 0 ? '\n' : ',\n'}${JSON.stringify(v)}`).join('');
        first = false;
        controller.enqueue(encoder.encode(text));
      }
    },
    async cancel() {
      await batches.return(undefined);
    },
  });
  const stamp = ctx.clock.now().toISOString().replace(/[:.]/g, '-');
  return { contentType: format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8', fileName: `signet-operations-${stamp}.${format}`, body };
}

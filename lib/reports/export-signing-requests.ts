import { stringify } from 'csv-stringify/sync';
import type { Actor } from '../auth/actor';
import type { Context } from '../context';
import { AppError } from '../errors';
import { formatDateTime } from '../i18n/format';
import type { Locale } from '../i18n/locales';
import { neutraliseCell } from '../operations/export-operations';
import { organizationName } from '../organization/organization-name';
import { pdfTranslator, type Say } from '../pdf/translate';
import { historyQuery } from '../signing/list-signing-requests';
import type { ExportFormat, ExportSigningRequestsInput, RequestFilter } from '../signing/request-filter';
import { exportRows, type ExportRow } from './export-rows';
import { renderReportPdf } from './render-report-pdf';

/**
 * Most rows a PDF report holds: @libpdf/core keeps the whole document in memory until save
 * (about 63 KiB per row, docs/benchmarks-reports.md), so the PDF is capped; the text formats are not.
 */
export const PDF_MAX_ROWS = 5_000;

export const CSV_COLUMNS = ['id', 'title', 'document_type', 'status', 'created_at', 'signed_at', 'signers', 'signer_emails', 'document_name', 'document_size', 'sha256', 'ledger_indices', 'requested_by'] as const;

const CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  ndjson: 'application/x-ndjson; charset=utf-8',
  txt: 'text/plain; charset=utf-8',
  pdf: 'application/pdf',
};

export interface HistoryExport {
  contentType: string;
  fileName: string;
  body: ReadableStream<Uint8Array>;
}

export interface ExportView {
  locale: Locale;
  timeZone: string;
  /** PDF_MAX_ROWS unless given (tests use a small cap). */
  pdfMaxRows?: number;
}

/** A spreadsheet runs a cell starting with = + - @ as a formula (CWE-1236); every cell is neutralised. */
function csvRow(v: ExportRow): string[] {
  const cells = [v.id, v.title, v.documentType, v.status, v.createdAt.toISOString(), v.signedAt?.toISOString(), v.signers.map((s) => s.name).join('; '), v.signers.map((s) => s.email ?? '').join('; '), v.documentName, String(v.documentSize), v.sha256, v.ledgerIndices.join(' '), v.requestedBy];
  return cells.map((c) => neutraliseCell(c ?? ''));
}

function jsonRow(v: ExportRow): string {
  const { tags: _tags, ...rest } = v;
  return `${JSON.stringify({ ...rest, createdAt: v.createdAt.toISOString(), signedAt: v.signedAt?.toISOString() ?? null })}\n`;
}

/** Plain text for reading and printing: one block per record, labels in the reader's language. */
function textRow(v: ExportRow, say: Say, view: ExportView): string {
  const when = (d: Date | null): string => formatDateTime(d, { locale: view.locale, timeZone: view.timeZone, withZone: true });
  const line = (label: string, value: string): string => `  ${label}: ${value}\n`;
  return [
    `${v.title}\n`,
    line(say('report.col.type'), say.label(`documentTypes.${v.documentType}`, v.documentType ?? '')),
    line(say('report.col.status'), say.label(`status.${v.status}`, v.status)),
    line(say('report.col.signers'), v.signers.map((s) => (s.email ? `${s.name} <${s.email}>` : s.name)).join(', ')),
    line(say('report.created'), when(v.createdAt)),
    line(say('report.signed'), when(v.signedAt)),
    line(say('report.col.sha256'), v.sha256),
    line(say('report.col.ledger'), v.ledgerIndices.length ? v.ledgerIndices.join(', ') : '—'),
    line('ID', v.id),
    '\n',
  ].join('');
}

/** The filters as people read them on the report's title page and at the top of the text export. */
export function describeFilters(filter: RequestFilter & { sort?: string }, say: Say): { label: string; value: string }[] {
  return Object.entries(filter)
    .filter(([, v]) => v !== undefined && v !== '')
    .map(([k, v]) => {
      const value = String(v);
      if (k === 'status') return { label: say(`report.filter.${k}`), value: say.label(`status.${value}`, value) };
      if (k === 'sort') return { label: say(`report.filter.${k}`), value: say(`report.sort.${value}`) };
      if (k === 'documentType') return { label: say(`report.filter.${k}`), value: say.label(`documentTypes.${value}`, value) };
      return { label: say(`report.filter.${k}`), value };
    });
}

function streamOf(start: string, chunks: AsyncGenerator<ExportRow[]>, render: (rows: ExportRow[]) => string): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    start(controller) {
      if (start) controller.enqueue(encoder.encode(start));
    },
    async pull(controller) {
      const next = await chunks.next();
      if (next.done) return controller.close();
      controller.enqueue(encoder.encode(render(next.value)));
    },
    async cancel() {
      await chunks.return(undefined);
    },
  });
}

/**
 * The filtered history as CSV, NDJSON or text, streamed in keyset batches (constant memory, any
 * size, the reading paced by the client), or as a PDF report of at most PDF_MAX_ROWS rows
 * (EXPORT_TOO_LARGE beyond, before anything is sent). An uploader without "sees all" exports only
 * their own requests, exactly as the list shows them.
 */
export async function exportSigningRequests(ctx: Context, input: ExportSigningRequestsInput, view: ExportView, actor?: Actor): Promise<HistoryExport> {
  const { format, ...query } = input;
  const { where, sort } = await historyQuery(ctx, query, actor);
  const now = ctx.clock.now();
  const stamp = now.toISOString().replace(/[:.]/g, '-');
  const result = (body: ReadableStream<Uint8Array>): HistoryExport => ({ contentType: CONTENT_TYPES[format], fileName: `signet-requests-${stamp}.${format}`, body });
  const say = pdfTranslator(view.locale);
  switch (format) {
    case 'csv':
      return result(streamOf(stringify([[...CSV_COLUMNS]]), exportRows(ctx.db, where, sort, now), (rows) => stringify(rows.map(csvRow))));
    case 'ndjson':
      return result(streamOf('', exportRows(ctx.db, where, sort, now), (rows) => rows.map(jsonRow).join('')));
    case 'txt': {
      const filters = describeFilters({ ...query, sort }, say);
      const head = `${say('report.title')} · ${await organizationName(ctx)}\n${say('report.exportedBy')}: ${exporter(actor)}\n${say('report.exportedAt')}: ${formatDateTime(now, { locale: view.locale, timeZone: view.timeZone, withZone: true })}\n${say('report.filters')}: ${filters.length ? filters.map((f) => `${f.label} = ${f.value}`).join('; ') : say('report.noFilters')}\n\n`;
      return result(streamOf(head, exportRows(ctx.db, where, sort, now), (rows) => rows.map((v) => textRow(v, say, view)).join('')));
    }
    case 'pdf': {
      const rows: ExportRow[] = [];
      const cap = view.pdfMaxRows ?? PDF_MAX_ROWS;
      for await (const batch of exportRows(ctx.db, where, sort, now, cap + 1)) rows.push(...batch);
      if (rows.length > cap) throw new AppError('EXPORT_TOO_LARGE', `expected at most ${cap} requests for a PDF report, got more; narrow the filters or use format=csv, ndjson or txt`);
      const bytes = await renderReportPdf(rows, { locale: view.locale, timeZone: view.timeZone, organisation: await organizationName(ctx), exportedBy: exporter(actor), exportedAt: now, filters: describeFilters({ ...query, sort }, say) });
      return result(new Blob([Buffer.from(bytes)]).stream());
    }
  }
}

function exporter(actor: Actor | undefined): string {
  return actor && (actor.kind === 'staff' || actor.kind === 'api_key' || actor.kind === 'system') ? actor.name : 'system';
}

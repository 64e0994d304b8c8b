import { PDF, type EmbeddedFont, type PDFPage } from '@libpdf/core';
import { formatDateTime, zoneOffsetLabel } from '../i18n/format';
import type { Locale } from '../i18n/locales';
import { A4_LANDSCAPE, ACCENT, BAND, INK, MUTED, RULE, embedFonts, fit, type Fonts } from '../pdf/layout';
import { pdfTranslator, type Say } from '../pdf/translate';

/** One signing request as the export report lists it. Times are instants; the report shows them in meta.timeZone. */
export interface ReportRow {
  id: string;
  title: string;
  /** Document type (e.g. "contract"); null when none was given. */
  documentType: string | null;
  /** Request status code: pending, signed, declined, expired, cancelled, … */
  status: string;
  signers: { name: string; email: string | null }[];
  createdAt: Date;
  signedAt: Date | null;
  /** SHA-256 of the document, lowercase hex. */
  sha256: string;
  /** Ledger indices of the request's signature records (empty before signing). */
  ledgerIndices: number[];
  tags: string[];
}

export interface ReportMeta {
  locale: Locale;
  /** IANA zone the times are shown in, e.g. "Asia/Shanghai". */
  timeZone: string;
  organisation: string;
  /** Who exported: a display name (and e-mail), as people read it. */
  exportedBy: string;
  exportedAt: Date;
  /** The filters of the export as shown to people, in order, e.g. { label: "Status", value: "signed" }; empty for "everything". */
  filters: { label: string; value: string }[];
  /** Optional document title; defaults to the translated "Signing records report". */
  title?: string;
}

const PAGE = A4_LANDSCAPE;
const M = 36;
const ROW_H = 24;
const HEAD_H = 22;
/** Column widths in points; they sum to the printable width (769.89). */
const COLUMNS = [
  { key: 'title', width: 166 },
  { key: 'type', width: 62 },
  { key: 'signers', width: 128 },
  { key: 'status', width: 76 },
  { key: 'times', width: 108 },
  { key: 'sha256', width: 92 },
  { key: 'ledger', width: 50 },
  { key: 'tags', width: 87.89 },
] as const;
const ROWS_PER_PAGE = Math.floor((PAGE.height - 2 * M - 40 - HEAD_H - 24) / ROW_H);

/**
 * Renders an export report: a title page (filters, who exported and when, counts by status) and
 * a paginated table, in one language. Rows are consumed as they come, but @libpdf/core keeps the
 * whole document in memory until save and has no incremental writer, so memory grows with the row
 * count (measured: about 63 KiB RSS per row at 10,000 rows; docs/benchmarks-reports.md). Callers
 * should cap the PDF export's row count; CSV/NDJSON are the constant-memory formats.
 * The title page is filled last, because the counts are known only after the last row.
 */
export async function renderReportPdf(rows: AsyncIterable<ReportRow> | Iterable<ReportRow>, meta: ReportMeta): Promise<Uint8Array> {
  const say = pdfTranslator(meta.locale);
  const pdf = PDF.create();
  const fonts = embedFonts(pdf);
  const title = meta.title ?? say('report.title');
  pdf.setTitle(title);
  pdf.setAuthor(meta.organisation);
  pdf.setCreator('Signet');
  const cover = pdf.addPage({ width: PAGE.width, height: PAGE.height });

  const counts = new Map<string, number>();
  let total = 0;
  let page: PDFPage | undefined;
  let onPage = 0;
  let pageNo = 1;
  for await (const row of rows) {
    if (!page || onPage === ROWS_PER_PAGE) {
      page = pdf.addPage({ width: PAGE.width, height: PAGE.height });
      pageNo += 1;
      tableHeader(page, fonts, say, title, meta, pageNo);
      onPage = 0;
    }
    drawRow(page, fonts, say, meta, row, onPage);
    onPage += 1;
    total += 1;
    counts.set(row.status, (counts.get(row.status) ?? 0) + 1);
  }
  drawCover(cover, fonts, say, title, meta, total, counts);
  if (total === 0) cover.drawText(say('report.empty'), { x: M, y: 120, size: 11, font: fonts.regular, color: MUTED });
  return pdf.save({ subsetFonts: true });
}

function tableTop(): number {
  return PAGE.height - M - 40;
}

function tableHeader(page: PDFPage, { regular, bold }: Fonts, say: Say, title: string, meta: ReportMeta, pageNo: number): void {
  page.drawText(fit(bold, title, 12, 500), { x: M, y: PAGE.height - M - 12, size: 12, font: bold, color: ACCENT });
  const right = `${meta.organisation} · ${say('report.page', { n: pageNo })}`;
  page.drawText(right, { x: PAGE.width - M - regular.widthOfTextAtSize(right, 8), y: PAGE.height - M - 10, size: 8, font: regular, color: MUTED });
  const top = tableTop();
  page.drawRectangle({ x: M, y: top - HEAD_H, width: PAGE.width - 2 * M, height: HEAD_H, color: ACCENT });
  let x = M;
  for (const c of COLUMNS) {
    page.drawText(fit(bold, say(`report.col.${c.key}`), 8, c.width - 8), { x: x + 4, y: top - 14, size: 8, font: bold, color: { type: 'RGB', red: 1, green: 1, blue: 1 } });
    x += c.width;
  }
  const zone = say('report.zone', { zone: `${meta.timeZone} (${zoneOffsetLabel(meta.exportedAt, meta.timeZone)})` });
  page.drawText(zone, { x: M, y: M - 14, size: 7, font: regular, color: MUTED });
}

function drawRow(page: PDFPage, { regular, bold }: Fonts, say: Say, meta: ReportMeta, row: ReportRow, i: number): void {
  const top = tableTop() - HEAD_H - i * ROW_H;
  if (i % 2 === 1) page.drawRectangle({ x: M, y: top - ROW_H, width: PAGE.width - 2 * M, height: ROW_H, color: BAND });
  page.drawLine({ start: { x: M, y: top - ROW_H }, end: { x: PAGE.width - M, y: top - ROW_H }, color: RULE, thickness: 0.4 });
  const when = (d: Date | null): string => formatDateTime(d, { locale: meta.locale, timeZone: meta.timeZone });
  const status = say.label(`status.${row.status}`, row.status);
  const cells: [string, string][] = [
    [row.title, row.id],
    [row.documentType ? say.label(`documentTypes.${row.documentType}`, row.documentType) : '—', ''],
    [row.signers.map((s) => s.name).join(', ') || '—', row.signers.map((s) => s.email ?? '').filter(Boolean).join(', ')],
    [status, ''],
    [`${say('report.created')} ${when(row.createdAt)}`, `${say('report.signed')} ${when(row.signedAt)}`],
    [row.sha256.slice(0, 16), row.sha256.slice(16, 32)],
    [row.ledgerIndices.length ? row.ledgerIndices.join(', ') : '—', ''],
    [row.tags.join(', ') || '—', ''],
  ];
  let x = M;
  for (const [ci, c] of COLUMNS.entries()) {
    const [first, second] = cells[ci]!;
    const w = c.width - 8;
    page.drawText(fit(ci === 0 ? bold : regular, first, 8, w), { x: x + 4, y: top - 10, size: 8, font: ci === 0 ? bold : regular, color: INK });
    if (second) page.drawText(fit(regular, second, 6.5, w), { x: x + 4, y: top - 19.5, size: 6.5, font: regular, color: MUTED });
    x += c.width;
  }
}

function drawCover(page: PDFPage, { regular, bold }: Fonts, say: Say, title: string, meta: ReportMeta, total: number, counts: Map<string, number>): void {
  page.drawRectangle({ x: 0, y: PAGE.height - 8, width: PAGE.width, height: 8, color: ACCENT });
  let y = PAGE.height - 84;
  page.drawText(meta.organisation, { x: M + 24, y: y + 30, size: 11, font: regular, color: MUTED });
  page.drawText(fit(bold, title, 26, PAGE.width - 2 * M - 48), { x: M + 24, y, size: 26, font: bold, color: ACCENT });
  y -= 44;
  const line = (label: string, value: string, font: EmbeddedFont = regular): void => {
    page.drawText(label, { x: M + 24, y, size: 10, font: regular, color: MUTED });
    page.drawText(fit(font, value, 11, PAGE.width - 2 * M - 220), { x: M + 200, y, size: 11, font, color: INK });
    y -= 20;
  };
  line(say('report.exportedBy'), meta.exportedBy);
  line(say('report.exportedAt'), formatDateTime(meta.exportedAt, { locale: meta.locale, timeZone: meta.timeZone, withZone: true, seconds: true }));
  line(say('report.records'), total.toLocaleString(meta.locale), bold);
  const byStatus = [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([s, n]) => `${say.label(`status.${s}`, s)} ${n.toLocaleString(meta.locale)}`);
  if (byStatus.length) line(say('report.byStatus'), byStatus.join(' · '));
  y -= 12;
  page.drawLine({ start: { x: M + 24, y: y + 8 }, end: { x: PAGE.width - M - 24, y: y + 8 }, color: RULE, thickness: 0.8 });
  y -= 14;
  page.drawText(say('report.filters'), { x: M + 24, y, size: 13, font: bold, color: INK });
  y -= 22;
  if (meta.filters.length === 0) line(say('report.noFilters'), '');
  for (const f of meta.filters.slice(0, 16)) line(f.label, f.value);
  page.drawText(say('report.footer'), { x: M + 24, y: M, size: 8, font: regular, color: MUTED, maxWidth: PAGE.width - 2 * M - 48 });
}

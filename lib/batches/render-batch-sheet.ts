import { PDF, type EmbeddedFont, type PDFPage } from '@libpdf/core';
import { formatDateTime } from '../i18n/format';
import type { Locale } from '../i18n/locales';
import { A4, ACCENT, BAND, INK, MARGIN, MUTED, RULE, drawQr, embedFonts, fit } from '../pdf/layout';
import { pdfTranslator } from '../pdf/translate';
import { fingerprint } from '../signing/matching-code';
import type { RequestStatus } from '../signing/request-view';
import type { BatchCounts } from './batch-view';
import type { Priority } from './priority';
import { COVER_SIGNERS_PER_PAGE, SHEET, blockQrBox, coverQrBox } from './sheet-layout';

export interface BatchSheetFacts {
  batchId: string;
  name: string;
  createdBy: string;
  createdAt: Date;
  expiresAt: Date;
  counts: BatchCounts;
  /** Each signer's queue link; null once the batch is no longer open. */
  signers: { name: string; email: string | null; queueUrl: string | null }[];
  /** In signing order: priority, then position. */
  documents: {
    title: string;
    documentType: string;
    priority: Priority;
    sha256: string;
    status: RequestStatus;
    expiresAt: Date;
    /** The link of the signer whose turn it is; null when the document waits for no one. */
    signUrl: string | null;
    signerName: string | null;
    matchingCode: string | null;
  }[];
}

export interface SheetView {
  locale: Locale;
  timeZone: string;
}

/**
 * The printable QR sheet of a batch: a cover with the batch's facts and each signer's batch QR,
 * then one block per document in signing order with its own QR, so a signer scans them one after
 * another. Text in the document's language with an embedded CJK font (lib/pdf/layout.ts).
 */
export async function renderBatchSheet(facts: BatchSheetFacts, view: SheetView): Promise<Uint8Array> {
  const say = pdfTranslator(view.locale);
  const pdf = PDF.create();
  const { regular, bold } = embedFonts(pdf);
  pdf.setTitle(`${say('batchSheet.title')}: ${facts.name}`);
  pdf.setCreator('Signet');
  const when = (d: Date): string => formatDateTime(d, { ...view, withZone: true });
  const width = A4.width - 2 * MARGIN;
  // Layout boxes count from the top; PDF user space counts from the bottom (ISO 32000-1 §8.3.2.3).
  const yOf = (top: number): number => A4.height - top;
  let page: PDFPage;
  const text = (s: string, x: number, top: number, size: number, font: EmbeddedFont = regular, color = INK, max = width): void => {
    page.drawText(fit(font, s, size, max), { x, y: yOf(top), size, font, color });
  };
  const newPage = (heading: string): void => {
    page = pdf.addPage({ width: A4.width, height: A4.height });
    page.drawRectangle({ x: 0, y: A4.height - 6, width: A4.width, height: 6, color: ACCENT });
    text(heading, MARGIN, MARGIN + 4, 10, bold, ACCENT, width - 120);
    const pageNo = say('batchSheet.page', { n: pdf.getPageCount() });
    page.drawText(pageNo, { x: A4.width - MARGIN - regular.widthOfTextAtSize(pageNo, 8), y: yOf(MARGIN + 4), size: 8, font: regular, color: MUTED });
    page.drawText(fit(regular, `${facts.name} · ${facts.batchId}`, 7, width), { x: MARGIN, y: MARGIN - 20, size: 7, font: regular, color: MUTED });
  };

  // Cover.
  const signerPages = Math.max(1, Math.ceil(facts.signers.length / COVER_SIGNERS_PER_PAGE));
  for (let p = 0; p < signerPages; p++) {
    newPage(say('batchSheet.title'));
    if (p === 0) cover();
    else text(say('batchSheet.signersContinued'), MARGIN, SHEET.coverSignersTop - 40, 11, bold);
    facts.signers.slice(p * COVER_SIGNERS_PER_PAGE, (p + 1) * COVER_SIGNERS_PER_PAGE).forEach((s, i) => signer(i, s));
  }

  // One block per document.
  facts.documents.forEach((d, i) => {
    const onPage = i % SHEET.blocksPerPage;
    if (onPage === 0) newPage(`${say('batchSheet.documents')} · ${facts.name}`);
    block(i + 1, onPage, d);
  });
  return pdf.save({ subsetFonts: true });

  function cover(): void {
    text(facts.name, MARGIN, MARGIN + 52, 22, bold, INK);
    const c = facts.counts;
    const rows: [string, string][] = [
      [say('batchSheet.createdBy'), facts.createdBy],
      [say('batchSheet.createdAt'), when(facts.createdAt)],
      [say('batchSheet.expiresAt'), when(facts.expiresAt)],
      [say('batchSheet.counts'), say('batchSheet.countsValue', { total: c.total, signed: c.signed, declined: c.declined, waiting: c.waiting })],
      [say('batchSheet.batchId'), facts.batchId],
    ];
    rows.forEach(([label, value], i) => {
      const top = MARGIN + 86 + i * 18;
      text(label, MARGIN, top, 8.5, regular, MUTED, 140);
      text(value, MARGIN + 150, top, 10, regular, INK, width - 150);
    });
    page.drawLine({ start: { x: MARGIN, y: yOf(MARGIN + 184) }, end: { x: A4.width - MARGIN, y: yOf(MARGIN + 184) }, color: RULE, thickness: 0.8 });
    wrap(regular, say('batchSheet.replaces'), 8.5, width).forEach((line, i) => text(line, MARGIN, MARGIN + 202 + i * 13, 8.5, regular, MUTED));
    text(say('batchSheet.signers'), MARGIN, SHEET.coverSignersTop - 24, 11, bold);
  }

  function signer(i: number, s: BatchSheetFacts['signers'][number]): void {
    const box = coverQrBox(i);
    const colWidth = width / SHEET.coverColumns - 8;
    if (s.queueUrl) drawQr(page, s.queueUrl, box.x, yOf(box.top), box.size);
    else placeholder(box.x, box.top, box.size, say('batchSheet.queueClosed'));
    const centre = box.x + box.size / 2;
    const name = fit(bold, s.name, 10, colWidth);
    page.drawText(name, { x: centre - bold.widthOfTextAtSize(name, 10) / 2, y: yOf(box.top + box.size + 14), size: 10, font: bold, color: INK });
    if (s.email) {
      const email = fit(regular, s.email, 8, colWidth);
      page.drawText(email, { x: centre - regular.widthOfTextAtSize(email, 8) / 2, y: yOf(box.top + box.size + 26), size: 8, font: regular, color: MUTED });
    }
  }

  function block(n: number, onPage: number, d: BatchSheetFacts['documents'][number]): void {
    const top = MARGIN + SHEET.headerHeight + onPage * SHEET.blockHeight;
    page.drawRectangle({ x: MARGIN, y: yOf(top + SHEET.blockHeight - 6), width, height: SHEET.blockHeight - 12, color: BAND, borderColor: RULE, borderWidth: 0.6 });
    const box = blockQrBox(onPage);
    if (d.signUrl) drawQr(page, d.signUrl, box.x, yOf(box.top), box.size);
    else placeholder(box.x, box.top, box.size, say.label(`status.${d.status}`, d.status));
    const x = box.x + box.size + 16;
    const max = A4.width - MARGIN - 10 - x;
    const priority = say.label(`priorities.${d.priority}`, d.priority);
    text(`${n} · ${priority}`, x, top + 28, 9, bold, d.priority === 'urgent' ? ACCENT : MUTED, max);
    text(d.title, x, top + 46, 13, bold, INK, max);
    const rows: [string, string][] = [
      [say('batchSheet.type'), say.label(`documentTypes.${d.documentType}`, d.documentType)],
      [say('batchSheet.fingerprint'), fingerprint(d.sha256)],
      [say('batchSheet.matchingCode'), d.matchingCode ?? '—'],
      [say('batchSheet.expires'), when(d.expiresAt)],
      [say('batchSheet.signer'), d.signerName ?? say.label(`status.${d.status}`, d.status)],
    ];
    rows.forEach(([label, value], i) => {
      const rowTop = top + 66 + i * 15;
      text(label, x, rowTop, 8, regular, MUTED, 90);
      text(value, x + 92, rowTop, 9, label === say('batchSheet.matchingCode') ? bold : regular, INK, max - 92);
    });
  }

  /** Greedy line breaking that also breaks between CJK characters, which have no spaces to break at. */
  function wrap(font: EmbeddedFont, s: string, size: number, max: number): string[] {
    const lines: string[] = [];
    let line = '';
    for (const ch of s) {
      if (font.widthOfTextAtSize(line + ch, size) <= max) {
        line += ch;
        continue;
      }
      const space = line.lastIndexOf(' ');
      const cut = space > line.length / 2 && ch !== ' ' ? space : line.length;
      lines.push(line.slice(0, cut));
      line = (line.slice(cut) + ch).trimStart();
    }
    if (line) lines.push(line);
    return lines;
  }

  function placeholder(x: number, top: number, size: number, label: string): void {
    page.drawRectangle({ x, y: yOf(top + size), width: size, height: size, borderColor: RULE, borderWidth: 0.8 });
    const l = fit(regular, label, 10, size - 8);
    page.drawText(l, { x: x + size / 2 - regular.widthOfTextAtSize(l, 10) / 2, y: yOf(top + size / 2 + 3), size: 10, font: regular, color: MUTED });
  }
}

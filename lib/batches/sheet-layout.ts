import { A4, MARGIN } from '../pdf/layout';

/**
 * Where the batch sheet puts its QR codes, in PDF points from the page's top-left corner. Shared
 * by the renderer and the tests that crop and decode each code from the rendered pixels.
 *
 * A QR of 132 pt (46 mm) holds a signing link (version ≤ 15, 77 modules + the 4-module quiet zone
 * each side) at about 0.5 mm per module: ISO/IEC 18004 places no minimum, and phone cameras read
 * 0.4 mm modules from paper at 15–25 cm, so every block is scannable one after another.
 */
export const SHEET = {
  headerHeight: 40,
  blockHeight: 160,
  blockQr: 132,
  blocksPerPage: 4,
  coverQr: 120,
  coverColumns: 3,
  coverSignersTop: 300,
  coverRowHeight: 190,
} as const;

export interface Box {
  x: number;
  top: number;
  size: number;
}

/** The QR square of the i-th document block on its page (0-based within the page). */
export function blockQrBox(i: number): Box {
  const top = MARGIN + SHEET.headerHeight + i * SHEET.blockHeight + (SHEET.blockHeight - SHEET.blockQr) / 2;
  return { x: MARGIN + 4, top, size: SHEET.blockQr };
}

/** The QR square of the i-th signer on the cover page. */
export function coverQrBox(i: number): Box {
  const colWidth = (A4.width - 2 * MARGIN) / SHEET.coverColumns;
  const col = i % SHEET.coverColumns;
  const row = Math.floor(i / SHEET.coverColumns);
  return { x: MARGIN + col * colWidth + (colWidth - SHEET.coverQr) / 2, top: SHEET.coverSignersTop + row * SHEET.coverRowHeight, size: SHEET.coverQr };
}

/** Signers beyond what fits the cover's rows go on further cover pages. */
export const COVER_SIGNERS_PER_PAGE = SHEET.coverColumns * Math.floor((A4.height - MARGIN - SHEET.coverSignersTop) / SHEET.coverRowHeight);

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { rgb, type EmbeddedFont, type PDF, type PDFPage } from '@libpdf/core';
import QRCode from 'qrcode';

/**
 * Shared page machinery for every PDF Signet renders (the sealed PDF's signature page, the signing
 * certificate, the export report): fonts, colours, QR codes and text fitting.
 *
 * Noto Sans SC (SIL OFL) as single-face TrueType files from the npm package: the system's
 * fonts-noto-cjk ships TrueType Collections (.ttc), which @libpdf/core cannot embed. The library
 * embeds a subset (only the glyphs used) when saved with subsetFonts. The bytes are read once per
 * process; the library parses them per document (about 30 ms, measured), and has no public way to
 * share a parsed font between documents.
 */
const FONT_DIR = path.join(process.cwd(), 'node_modules', '@expo-google-fonts', 'noto-sans-sc');
let fontBytes: { regular: Uint8Array; bold: Uint8Array } | undefined;
function fontFiles(): { regular: Uint8Array; bold: Uint8Array } {
  fontBytes ??= {
    regular: new Uint8Array(readFileSync(path.join(FONT_DIR, '400Regular', 'NotoSansSC_400Regular.ttf'))),
    bold: new Uint8Array(readFileSync(path.join(FONT_DIR, '700Bold', 'NotoSansSC_700Bold.ttf'))),
  };
  return fontBytes;
}

export interface Fonts {
  regular: EmbeddedFont;
  bold: EmbeddedFont;
}

/** Embeds the CJK-capable regular and bold faces into a document (save with subsetFonts: true). */
export function embedFonts(pdf: PDF): Fonts {
  return { regular: pdf.embedFont(fontFiles().regular), bold: pdf.embedFont(fontFiles().bold) };
}

export const A4 = { width: 595.28, height: 841.89 };
export const A4_LANDSCAPE = { width: A4.height, height: A4.width };
export const MARGIN = 48;
export const INK = rgb(0.1, 0.12, 0.16);
export const MUTED = rgb(0.38, 0.42, 0.48);
export const ACCENT = rgb(0.11, 0.32, 0.62);
export const RULE = rgb(0.85, 0.87, 0.9);
export const BAND = rgb(0.96, 0.97, 0.985);
export const WHITE = rgb(1, 1, 1);

/** A QR code (ISO/IEC 18004, via the qrcode package) drawn as vector cells in a white square with a quiet zone of four cells. */
export function drawQr(page: PDFPage, text: string, x: number, top: number, size: number): void {
  const qr = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const cell = size / (qr.modules.size + 8);
  page.drawRectangle({ x, y: top - size, width: size, height: size, color: WHITE, borderColor: RULE, borderWidth: 0.8 });
  for (let r = 0; r < qr.modules.size; r++) {
    for (let c = 0; c < qr.modules.size; c++) {
      if (!qr.modules.get(r, c)) continue;
      page.drawRectangle({ x: x + (c + 4) * cell, y: top - (r + 5) * cell, width: cell + 0.05, height: cell + 0.05, color: INK });
    }
  }
}

/** Cuts text to fit a width at a size, ending with "…" when cut. */
export function fit(font: EmbeddedFont, text: string, size: number, maxWidth: number): string {
  if (font.widthOfTextAtSize(text, size) <= maxWidth) return text;
  const chars = [...text];
  let lo = 0;
  let hi = chars.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (font.widthOfTextAtSize(`${chars.slice(0, mid).join('')}…`, size) <= maxWidth) lo = mid;
    else hi = mid - 1;
  }
  return `${chars.slice(0, lo).join('')}…`;
}

/** "2026-12-03 16:10:22 UTC". */
export function utc(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC`;
}

/** A hex fingerprint in groups of eight, for reading aloud and comparing. */
export function groups(hexText: string): string {
  return hexText.replace(/(.{8})/g, '$1 ').trim();
}

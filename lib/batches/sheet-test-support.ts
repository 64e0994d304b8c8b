import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { A4 } from '../pdf/layout';
import { type Box } from './sheet-layout';

const DPI = 150;

/**
 * Renders each page of a batch sheet with poppler's pdftoppm and decodes the QR code in each given
 * box from the pixels (jsQR), the way a phone reads the printed page: a null is a code that does
 * not decode. Also answers the page count and pdftotext's text.
 */
export function readSheet(bytes: Uint8Array): { pages: number; text: string; decode: (page: number, boxes: Box[]) => (string | null)[]; dispose: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), 'signet-sheet-'));
  const file = path.join(dir, 'sheet.pdf');
  writeFileSync(file, bytes);
  const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
  const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))?.[1] ?? 0);
  execFileSync('pdftoppm', ['-r', String(DPI), '-png', file, path.join(dir, 'p')]);
  const pngs = readdirSync(dir).filter((f) => f.endsWith('.png')).sort();
  const decode = (page: number, boxes: Box[]): (string | null)[] => {
    const img = PNG.sync.read(readFileSync(path.join(dir, pngs[page - 1]!)));
    const scale = img.width / A4.width;
    return boxes.map((b) => {
      // A little of the page around the square, as a camera frames it.
      const pad = 12;
      const x0 = Math.max(0, Math.floor((b.x - pad) * scale));
      const y0 = Math.max(0, Math.floor((b.top - pad) * scale));
      const w = Math.min(img.width - x0, Math.ceil((b.size + 2 * pad) * scale));
      const h = Math.min(img.height - y0, Math.ceil((b.size + 2 * pad) * scale));
      const crop = new Uint8ClampedArray(w * h * 4);
      for (let y = 0; y < h; y++) crop.set(img.data.subarray(((y0 + y) * img.width + x0) * 4, ((y0 + y) * img.width + x0 + w) * 4), y * w * 4);
      return jsQR(crop, w, h)?.data ?? null;
    });
  };
  return { pages, text, decode, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

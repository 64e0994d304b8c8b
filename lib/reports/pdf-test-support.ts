import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';

/** Runs poppler and qpdf over PDF bytes: text, validity, and QR codes decoded from rendered pixels. */
export function inspectPdf(bytes: Uint8Array): { text: string; qpdf: string; pages: number; qr: (page: number) => string | null; dispose: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), 'signet-pdf-'));
  const file = path.join(dir, 'doc.pdf');
  writeFileSync(file, bytes);
  const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
  const qpdf = execFileSync('qpdf', ['--check', file], { encoding: 'utf8' });
  const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
  const pages = Number(/Pages:\s+(\d+)/.exec(info)?.[1] ?? 0);
  const qr = (page: number): string | null => {
    execFileSync('pdftoppm', ['-r', '150', '-png', '-f', String(page), '-l', String(page), file, path.join(dir, `p${page}`)]);
    const png = readdirSync(dir).find((f) => f.startsWith(`p${page}`) && f.endsWith('.png'));
    if (!png) return null;
    const img = PNG.sync.read(readFileSync(path.join(dir, png)));
    return jsQR(new Uint8ClampedArray(img.data), img.width, img.height)?.data ?? null;
  };
  return { text, qpdf, pages, qr, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

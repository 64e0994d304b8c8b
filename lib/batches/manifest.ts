import { parse } from 'csv-parse/sync';
import { AppError } from '../errors';

/** The columns a manifest must have (header names, case-insensitive; extra columns are ignored). */
export const MANIFEST_COLUMNS = ['file', 'title', 'type', 'priority', 'signer name', 'email'] as const;

export interface ManifestRow {
  line: number;
  file: string;
  title: string;
  type: string;
  priority: string;
  signerName: string;
  email: string;
}

/**
 * A cell that a spreadsheet would run as a formula (OWASP "CSV injection": = + - @ and the tab and
 * carriage-return prefixes). Refused rather than stripped, so what is printed is what was sent.
 */
const FORMULA = /^[=+\-@\t\r]/;

/**
 * Parses a CSV manifest (RFC 4180, via csv-parse) mapping uploaded file names to title, type,
 * priority and signer. Every problem is reported with its line; any problem refuses the whole file.
 */
export function parseManifest(csv: string, fileNames: readonly string[]): ManifestRow[] {
  let records: string[][];
  try {
    records = parse(csv.replace(/^\uFEFF/, ''), { relax_column_count: true, skip_empty_lines: true, trim: true });
  } catch (e) {
    throw new AppError('MANIFEST_INVALID', `the manifest is not valid CSV: ${(e as Error).message}`);
  }
  const [header, ...body] = records;
  if (!header) throw new AppError('MANIFEST_INVALID', 'line 1: expected a header row, the manifest is empty');
  const names = header.map((h) => h.trim().toLowerCase().replace(/[-_]/g, ' ').replace(/^e mail$/, 'email'));
  const missing = MANIFEST_COLUMNS.filter((c) => !names.includes(c));
  if (missing.length) throw new AppError('MANIFEST_INVALID', `line 1: missing column${missing.length > 1 ? 's' : ''} ${missing.map((m) => `"${m}"`).join(', ')}`);
  const col = (c: (typeof MANIFEST_COLUMNS)[number]): number => names.indexOf(c);
  const known = new Set(fileNames);
  const seen = new Map<string, number>();
  const errors: string[] = [];
  const rows: ManifestRow[] = [];
  body.forEach((cells, i) => {
    const line = i + 2;
    const cell = (c: (typeof MANIFEST_COLUMNS)[number]): string => cells[col(c)] ?? '';
    const formula = cells.findIndex((v) => FORMULA.test(v));
    if (formula >= 0) {
      errors.push(`line ${line}: column "${header[formula]}" starts with a formula character ("${cells[formula]!.slice(0, 20)}")`);
      return;
    }
    const file = cell('file');
    if (!known.has(file)) errors.push(`line ${line}: unknown file name "${file}" (not among the uploaded files)`);
    const first = seen.get(file);
    if (first !== undefined) errors.push(`line ${line}: duplicate row for "${file}" (first on line ${first})`);
    else seen.set(file, line);
    if (!cell('title')) errors.push(`line ${line}: empty title`);
    if (!cell('signer name')) errors.push(`line ${line}: empty signer name`);
    rows.push({ line, file, title: cell('title'), type: cell('type'), priority: cell('priority') || 'normal', signerName: cell('signer name'), email: cell('email') });
  });
  if (errors.length) throw new AppError('MANIFEST_INVALID', errors.join('; '));
  return rows;
}

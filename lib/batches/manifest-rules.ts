/**
 * The checks of a CSV manifest over already-parsed records, with no CSV parser of its own: the
 * server parses with csv-parse (lib/batches/manifest.ts) and the upload page with csv-parse's
 * browser build, and both apply these rules, so the page shows people each bad line before
 * sending and the server refuses exactly the same lines.
 */

/** The columns a manifest must have (header names, case-insensitive; extra columns are ignored). */
export const MANIFEST_COLUMNS = ['file', 'title', 'type', 'priority', 'signer name', 'email'] as const;
export type ManifestColumn = (typeof MANIFEST_COLUMNS)[number];

export interface ManifestRow {
  line: number;
  file: string;
  title: string;
  type: string;
  priority: string;
  signerName: string;
  email: string;
}

export type ManifestProblem =
  | { line: number; kind: 'missingColumns'; columns: string[] }
  | { line: number; kind: 'formula'; column: string; value: string }
  | { line: number; kind: 'unknownFile'; file: string }
  | { line: number; kind: 'duplicate'; file: string; firstLine: number }
  | { line: number; kind: 'emptyTitle' }
  | { line: number; kind: 'emptySigner' };

/** The options both sides parse with (csv-parse, RFC 4180). */
export const MANIFEST_PARSE_OPTIONS = { relax_column_count: true, skip_empty_lines: true, trim: true } as const;

/**
 * A cell that a spreadsheet would run as a formula (OWASP "CSV injection": = + - @ and the tab and
 * carriage-return prefixes). Refused rather than stripped, so what is printed is what was sent.
 */
const FORMULA = /^[=+\-@\t\r]/;

export function checkManifestRecords(records: string[][], fileNames: readonly string[]): { rows: ManifestRow[]; problems: ManifestProblem[] } {
  const [header, ...body] = records;
  if (!header) return { rows: [], problems: [{ line: 1, kind: 'missingColumns', columns: [...MANIFEST_COLUMNS] }] };
  const names = header.map((h) => h.trim().toLowerCase().replace(/[-_]/g, ' ').replace(/^e mail$/, 'email'));
  const missing = MANIFEST_COLUMNS.filter((c) => !names.includes(c));
  if (missing.length) return { rows: [], problems: [{ line: 1, kind: 'missingColumns', columns: missing }] };
  const col = (c: ManifestColumn): number => names.indexOf(c);
  const known = new Set(fileNames);
  const seen = new Map<string, number>();
  const problems: ManifestProblem[] = [];
  const rows: ManifestRow[] = [];
  body.forEach((cells, i) => {
    const line = i + 2;
    const cell = (c: ManifestColumn): string => cells[col(c)] ?? '';
    const formula = cells.findIndex((v) => FORMULA.test(v));
    if (formula >= 0) {
      problems.push({ line, kind: 'formula', column: header[formula] ?? '', value: cells[formula]!.slice(0, 20) });
      return;
    }
    const file = cell('file');
    if (!known.has(file)) problems.push({ line, kind: 'unknownFile', file });
    const first = seen.get(file);
    if (first !== undefined) problems.push({ line, kind: 'duplicate', file, firstLine: first });
    else seen.set(file, line);
    if (!cell('title')) problems.push({ line, kind: 'emptyTitle' });
    if (!cell('signer name')) problems.push({ line, kind: 'emptySigner' });
    rows.push({ line, file, title: cell('title'), type: cell('type'), priority: cell('priority') || 'normal', signerName: cell('signer name'), email: cell('email') });
  });
  return { rows, problems };
}

/** The developer's wording of a problem, for the API message and logs. */
export function describeManifestProblem(p: ManifestProblem): string {
  switch (p.kind) {
    case 'missingColumns':
      return `line 1: missing column${p.columns.length > 1 ? 's' : ''} ${p.columns.map((m) => `"${m}"`).join(', ')}`;
    case 'formula':
      return `line ${p.line}: column "${p.column}" starts with a formula character ("${p.value}")`;
    case 'unknownFile':
      return `line ${p.line}: unknown file name "${p.file}" (not among the uploaded files)`;
    case 'duplicate':
      return `line ${p.line}: duplicate row for "${p.file}" (first on line ${p.firstLine})`;
    case 'emptyTitle':
      return `line ${p.line}: empty title`;
    case 'emptySigner':
      return `line ${p.line}: empty signer name`;
  }
}

import { parse } from 'csv-parse/sync';
import { AppError } from '../errors';
import { checkManifestRecords, describeManifestProblem, MANIFEST_PARSE_OPTIONS, type ManifestRow } from './manifest-rules';

export { MANIFEST_COLUMNS, type ManifestRow } from './manifest-rules';

/**
 * Parses a CSV manifest (RFC 4180, via csv-parse) mapping uploaded file names to title, type,
 * priority and signer. Every problem is reported with its line (lib/batches/manifest-rules.ts);
 * any problem refuses the whole file.
 */
export function parseManifest(csv: string, fileNames: readonly string[]): ManifestRow[] {
  let records: string[][];
  try {
    records = parse(csv.replace(/^\uFEFF/, ''), MANIFEST_PARSE_OPTIONS);
  } catch (e) {
    throw new AppError('MANIFEST_INVALID', `the manifest is not valid CSV: ${(e as Error).message}`);
  }
  if (records.length === 0) throw new AppError('MANIFEST_INVALID', 'line 1: expected a header row, the manifest is empty');
  const { rows, problems } = checkManifestRecords(records, fileNames);
  if (problems.length) throw new AppError('MANIFEST_INVALID', problems.map(describeManifestProblem).join('; '));
  return rows;
}

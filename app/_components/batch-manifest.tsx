'use client';

import { parse } from 'csv-parse/browser/esm/sync';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { checkManifestRecords, MANIFEST_PARSE_OPTIONS, type ManifestProblem, type ManifestRow } from '@/lib/batches/manifest-rules';

export interface ManifestResult {
  csv: string;
  rows: ManifestRow[];
}

/**
 * The optional CSV manifest: read in the browser with csv-parse and checked with the server's own
 * rules (lib/batches/manifest-rules.ts), so each bad line is shown in people's words before anything
 * is sent. `onResult` gets the manifest only when it has no problem.
 */
export function BatchManifest({ fileNames, onResult }: { fileNames: string[]; onResult: (m: ManifestResult | null) => void }) {
  const t = useTranslations('batches');
  const [problems, setProblems] = useState<string[]>([]);
  const [applied, setApplied] = useState<number | null>(null);

  const say = (p: ManifestProblem): string => {
    switch (p.kind) {
      case 'missingColumns':
        return t('problem.missingColumns', { columns: p.columns.map((c) => `“${c}”`).join(t('listSeparator')) });
      case 'formula':
        return t('problem.formula', { line: p.line, column: p.column, value: p.value });
      case 'unknownFile':
        return t('problem.unknownFile', { line: p.line, file: p.file });
      case 'duplicate':
        return t('problem.duplicate', { line: p.line, file: p.file, first: p.firstLine });
      case 'emptyTitle':
        return t('problem.emptyTitle', { line: p.line });
      case 'emptySigner':
        return t('problem.emptySigner', { line: p.line });
    }
  };

  async function read(file: File) {
    const csv = await file.text();
    let records: string[][];
    try {
      records = parse(csv.replace(/^\uFEFF/, ''), MANIFEST_PARSE_OPTIONS) as string[][];
    } catch {
      setProblems([t('problem.notCsv')]);
      setApplied(null);
      onResult(null);
      return;
    }
    const checked = checkManifestRecords(records, fileNames);
    setProblems(checked.problems.map(say));
    setApplied(checked.problems.length ? null : checked.rows.length);
    onResult(checked.problems.length ? null : { csv, rows: checked.rows });
  }

  return (
    <div data-testid="manifest">
      <p className="small muted">{t('manifestHint')}</p>
      <label className="field">
        <span>{t('manifestFile')}</span>
        <input
          type="file"
          accept=".csv,text/csv"
          data-testid="manifest-input"
          onChange={(e) => {
            const file = e.target.files?.[0];
            if (file) void read(file);
            e.target.value = '';
          }}
        />
      </label>
      {problems.length > 0 && (
        <div className="alert alert-danger" role="alert" data-testid="manifest-problems">
          <strong>{t('manifestProblems')}</strong>
          <ul style={{ margin: '6px 0 0', paddingLeft: 18 }}>
            {problems.map((p) => (
              <li key={p} data-testid="manifest-problem">
                {p}
              </li>
            ))}
          </ul>
        </div>
      )}
      {applied !== null && (
        <p className="small" data-testid="manifest-ok">
          {t('manifestOk', { n: applied })}
        </p>
      )}
    </div>
  );
}

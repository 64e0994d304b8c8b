'use client';

import { useRef, useState } from 'react';
import { useTranslations } from 'next-intl';
import type { VerificationReport } from '@/lib/evidence/verify-evidence';
import { verifyAnyBundle } from '@/lib/evidence/verify-evidence-v2';
import { createSha256 } from '@/lib/hash';
import { ProgressBar } from './progress-bar';
import { VerifyReport, type BundleSummary } from './verify-report';

const SLICE = 4 * 1024 * 1024;

/** SHA-256 of a file read slice by slice on this page (no worker: it must work offline once loaded). */
async function hashFile(file: Blob, onProgress: (done: number) => void): Promise<string> {
  const h = createSha256();
  for (let at = 0; at < file.size; at += SLICE) {
    h.update(new Uint8Array(await file.slice(at, at + SLICE).arrayBuffer()));
    onProgress(Math.min(at + SLICE, file.size));
    await new Promise((r) => setTimeout(r, 0)); // let the progress bar paint
  }
  return h.hex();
}

function summarise(bundle: unknown): BundleSummary | null {
  const b = bundle as { version?: string; record?: BundleSummary['record']; request?: { title: string; document: BundleSummary['document']; signers: { displayName: string }[] } } | null;
  if (b?.record) return { version: b.version ?? '', document: b.record.document, signers: [b.record.signer.displayName], signedAt: b.record.signedAt, record: b.record };
  if (b?.request) return { version: b.version ?? '', title: b.request.title, document: b.request.document, signers: b.request.signers.map((s) => s.displayName) };
  return null;
}

/**
 * The public verifier: an evidence bundle (and optionally the document) dropped here is checked by
 * lib/evidence's verifyAnyBundle running in this page, the code `npm run verify` runs. Nothing is
 * sent to the server; the page keeps working with the network gone once it has loaded.
 */
export function VerifyPanel({ fetchable }: { fetchable: { recordId: string } | null }) {
  const t = useTranslations('verify');
  const inputRef = useRef<HTMLInputElement>(null);
  const [dragging, setDragging] = useState(false);
  const [bundleFile, setBundleFile] = useState<{ name: string; json: unknown } | null>(null);
  const [documentFile, setDocumentFile] = useState<File | null>(null);
  const [hashing, setHashing] = useState<{ done: number; total: number } | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [result, setResult] = useState<{ report: VerificationReport; summary: BundleSummary | null; withDocument: boolean } | null>(null);

  async function run(bundle: { name: string; json: unknown } | null, doc: File | null) {
    setResult(null);
    if (!bundle) return;
    let documentSha256: string | undefined;
    if (doc) {
      setHashing({ done: 0, total: doc.size });
      documentSha256 = await hashFile(doc, (done) => setHashing({ done, total: doc.size }));
      setHashing(null);
    }
    const report = await verifyAnyBundle(bundle.json, { documentSha256 });
    setResult({ report, summary: summarise(bundle.json), withDocument: documentSha256 !== undefined });
  }

  async function addFiles(files: FileList | File[]) {
    setProblem(null);
    let bundle = bundleFile;
    let doc = documentFile;
    for (const file of Array.from(files)) {
      const isJson = file.name.toLowerCase().endsWith('.json') || file.type === 'application/json';
      if (!isJson) {
        doc = file;
        continue;
      }
      try {
        bundle = { name: file.name, json: JSON.parse(await file.text()) as unknown };
      } catch {
        setProblem(t('notJson', { name: file.name }));
        return;
      }
    }
    setBundleFile(bundle);
    setDocumentFile(doc);
    await run(bundle, doc);
  }

  async function fetchEvidence(recordId: string) {
    setProblem(null);
    const res = await fetch(`/api/records/${encodeURIComponent(recordId)}/evidence`).catch(() => null);
    if (!res?.ok) {
      setProblem(t('fetchFailed'));
      return;
    }
    const bundle = { name: `signet-evidence-${recordId}.json`, json: (await res.json()) as unknown };
    setBundleFile(bundle);
    await run(bundle, documentFile);
  }

  return (
    <div className="stack">
      <div
        className={`dropzone${dragging ? ' active' : ''}`}
        role="button"
        tabIndex={0}
        aria-label={t('drop')}
        data-testid="verify-dropzone"
        onClick={() => inputRef.current?.click()}
        onKeyDown={(e) => (e.key === 'Enter' || e.key === ' ') && inputRef.current?.click()}
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={(e) => {
          e.preventDefault();
          setDragging(false);
          if (e.dataTransfer.files.length) void addFiles(e.dataTransfer.files);
        }}
      >
        <div className="dropzone-icon" aria-hidden>
          ✓
        </div>
        <strong>{t('drop')}</strong>
        <span className="muted">{t('dropHint')}</span>
        <input
          ref={inputRef}
          type="file"
          multiple
          hidden
          data-testid="verify-input"
          onChange={(e) => {
            if (e.target.files) void addFiles(e.target.files);
            e.target.value = '';
          }}
        />
      </div>
      {(bundleFile || documentFile) && (
        <dl className="kv card card-tight">
          <dt>{t('bundleLabel')}</dt>
          <dd data-testid="verify-bundle-name">{bundleFile?.name ?? t('none')}</dd>
          <dt>{t('documentLabel')}</dt>
          <dd data-testid="verify-document-name">{documentFile?.name ?? t('noDocument')}</dd>
        </dl>
      )}
      {fetchable && !bundleFile && (
        <button type="button" className="btn btn-secondary" onClick={() => void fetchEvidence(fetchable.recordId)} data-testid="verify-fetch">
          {t('fetchEvidence')}
        </button>
      )}
      {hashing && <ProgressBar value={hashing.done} total={hashing.total} label={t('hashing')} />}
      {problem && (
        <p className="alert alert-danger" role="alert">
          {problem}
        </p>
      )}
      {!bundleFile && documentFile && <p className="alert alert-info">{t('needBundle')}</p>}
      {result && <VerifyReport report={result.report} summary={result.summary} withDocument={result.withDocument} />}
    </div>
  );
}

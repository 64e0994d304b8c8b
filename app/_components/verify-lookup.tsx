'use client';

import Link from 'next/link';
import { useRef, useState } from 'react';
import { useTranslations } from 'next-intl';
import type { SigningRequestView } from '@/lib/signing/request-view';
import { apiJson, hashInWorker } from './hash-file';
import { ProgressBar } from './progress-bar';
import { StatusBadge } from './status-badge';
import { useFormat } from './use-format';

/**
 * Staff only: which signing requests hold this document? The file is hashed here, in a Web Worker
 * (hash.worker.ts, with progress); only its SHA-256 goes to the server, which answers with the
 * requests this staff member may see (the request list's rule).
 */
export function VerifyLookup() {
  const t = useTranslations('verify.lookup');
  const f = useFormat();
  const inputRef = useRef<HTMLInputElement>(null);
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [result, setResult] = useState<{ name: string; sha256: string; items: SigningRequestView[] } | null>(null);
  const [problem, setProblem] = useState(false);

  async function lookUp(file: File) {
    setResult(null);
    setProblem(false);
    setProgress({ done: 0, total: file.size });
    try {
      const sha256 = await hashInWorker(file, (done, total) => setProgress({ done, total }));
      const found = await apiJson<{ sha256: string; items: SigningRequestView[] }>(`/api/documents/${sha256}/requests`);
      setResult({ name: file.name, ...found });
    } catch {
      setProblem(true);
    } finally {
      setProgress(null);
    }
  }

  return (
    <section className="card stack" data-testid="verify-lookup" aria-labelledby="verify-lookup-title">
      <div>
        <h2 id="verify-lookup-title" className="card-title">
          {t('title')}
        </h2>
        <p className="muted small" style={{ margin: 0 }}>
          {t('intro')}
        </p>
      </div>
      <div>
        <button type="button" className="btn btn-secondary" onClick={() => inputRef.current?.click()} data-testid="verify-lookup-choose">
          {t('choose')}
        </button>
        <input
          ref={inputRef}
          type="file"
          hidden
          data-testid="verify-lookup-input"
          onChange={(e) => {
            const file = e.target.files?.[0];
            if (file) void lookUp(file);
            e.target.value = '';
          }}
        />
      </div>
      {progress && <ProgressBar value={progress.done} total={progress.total} label={t('hashing')} />}
      {problem && (
        <p className="alert alert-danger" role="alert">
          {t('failed')}
        </p>
      )}
      {result && (
        <div data-testid="verify-lookup-result">
          <p className="small">
            {t('fingerprintOf', { name: result.name })} <code className="fingerprint">{result.sha256}</code>
          </p>
          {result.items.length === 0 ? (
            <p className="muted" data-testid="verify-lookup-none">
              {t('none')}
            </p>
          ) : (
            <ul className="verify-found">
              {result.items.map((r) => (
                <li key={r.id}>
                  <Link href={`/requests/${r.id}`}>{r.title}</Link> <StatusBadge status={r.status} />
                  <div className="muted small">
                    {r.signers.map((s) => s.displayName).join(', ')} · {f.dateTime(r.createdAt)}
                  </div>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </section>
  );
}

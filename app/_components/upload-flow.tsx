'use client';

import { useRouter } from 'next/navigation';
import { useCallback, useRef, useState } from 'react';
import { ApiError, apiJson, hashInWorker } from './hash-file';
import { titleFromName, uploadWithProgress, type DocumentView } from './upload-file';
import { formatBytes } from './format';
import { ProgressBar } from './progress-bar';


interface Item {
  key: string;
  file: File;
  title: string;
  phase: 'hashing' | 'uploading' | 'ready' | 'error' | 'requested';
  hashed: number;
  uploaded: number;
  sha256?: string;
  document?: DocumentView;
  error?: string;
  requestId?: string;
  token?: string;
}

export interface UploadFlowProps {
  documentTypes: { id: string; label: string }[];
  defaultTtlHours: number;
  maxBytes: number;
}

const TTL_CHOICES = [1, 4, 24, 72, 168];

export function UploadFlow({ documentTypes, defaultTtlHours, maxBytes }: UploadFlowProps) {
  const router = useRouter();
  const [items, setItems] = useState<Item[]>([]);
  const [dragging, setDragging] = useState(false);
  const [submitting, setSubmitting] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const [form, setForm] = useState({
    signerName: '',
    signerEmail: '',
    requestedBy: '',
    documentType: documentTypes[0]?.id ?? 'other',
    ttl: TTL_CHOICES.includes(defaultTtlHours) ? defaultTtlHours : 24,
  });

  const update = useCallback((key: string, patch: Partial<Item>) => {
    setItems((prev) => prev.map((it) => (it.key === key ? { ...it, ...patch } : it)));
  }, []);

  const addFiles = useCallback(
    (files: FileList | File[]) => {
      for (const file of Array.from(files)) {
        const key = `${file.name}-${file.size}-${file.lastModified}-${Math.random().toString(36).slice(2)}`;
        const item: Item = { key, file, title: titleFromName(file.name), phase: 'hashing', hashed: 0, uploaded: 0 };
        setItems((prev) => [...prev, item]);
        if (file.size === 0) {
          update(key, { phase: 'error', error: 'This file is empty (0 bytes).' });
          continue;
        }
        if (file.size > maxBytes) {
          update(key, { phase: 'error', error: `This file is ${formatBytes(file.size)}; the limit is ${formatBytes(maxBytes)}.` });
          continue;
        }
        void (async () => {
          try {
            const sha256 = await hashInWorker(file, (done) => update(key, { hashed: done }));
            update(key, { sha256, hashed: file.size, phase: 'uploading' });
            const document = await uploadWithProgress(file, sha256, (n) => update(key, { uploaded: n }));
            update(key, { document, uploaded: file.size, phase: 'ready' });
          } catch (e) {
            const msg = e instanceof ApiError ? `${e.message} (${e.code})` : (e as Error).message;
            update(key, { phase: 'error', error: msg });
          }
        })();
      }
    },
    [maxBytes, update],
  );

  const ready = items.filter((i) => i.phase === 'ready');
  const busy = items.some((i) => i.phase === 'hashing' || i.phase === 'uploading');
  const requested = items.filter((i) => i.phase === 'requested');

  async function createRequests(e: React.FormEvent) {
    e.preventDefault();
    setFormError(null);
    if (!form.signerName.trim()) {
      setFormError('Enter the name of the person who should sign.');
      return;
    }
    setSubmitting(true);
    const made: Item[] = [];
    try {
      for (const it of ready) {
        const res = await apiJson<{ request: { id: string }; token: string }>('/api/requests', {
          method: 'POST',
          body: JSON.stringify({
            documentId: it.document!.id,
            title: it.title.trim() || it.file.name,
            documentType: form.documentType,
            signerName: form.signerName.trim(),
            signerEmail: form.signerEmail.trim() || null,
            requestedBy: form.requestedBy.trim() || null,
            expiresInHours: form.ttl,
          }),
        });
        update(it.key, { phase: 'requested', requestId: res.request.id, token: res.token });
        made.push({ ...it, requestId: res.request.id, token: res.token });
      }
      if (made.length === 1 && items.length === 1) {
        router.push(`/requests/${made[0]!.requestId}#t=${made[0]!.token}`);
      }
    } catch (err) {
      setFormError(err instanceof ApiError ? `${err.message} (${err.code})` : (err as Error).message);
    } finally {
      setSubmitting(false);
    }
  }

  return (
    <div className="grid-2">
      <section>
        <div
          className={`dropzone${dragging ? ' active' : ''}`}
          role="button"
          tabIndex={0}
          data-testid="dropzone"
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
            if (e.dataTransfer.files.length) addFiles(e.dataTransfer.files);
          }}
        >
          <div className="dropzone-icon" aria-hidden>
            ⇪
          </div>
          <strong>Drop documents here</strong>
          <span className="muted">or click to choose files · up to {formatBytes(maxBytes)} each</span>
          <input
            ref={inputRef}
            type="file"
            multiple
            hidden
            data-testid="file-input"
            onChange={(e) => {
              if (e.target.files) addFiles(e.target.files);
              e.target.value = '';
            }}
          />
        </div>
        <p className="small muted" style={{ marginTop: 12 }}>
          Your browser computes each file&apos;s SHA-256 before uploading; the server recomputes it and refuses any difference.
        </p>
        {items.length > 0 && (
          <ul className="file-list" data-testid="file-list">
            {items.map((it) => (
              <li key={it.key} className="file-item" data-testid="file-item" data-phase={it.phase}>
                <div className="file-head">
                  <span className="file-name" title={it.file.name}>
                    {it.file.name}
                  </span>
                  <span className="file-meta">{formatBytes(it.file.size)}</span>
                </div>
                {it.phase === 'hashing' && <ProgressBar value={it.hashed} total={it.file.size} label="Computing SHA-256 on this computer" />}
                {it.phase === 'uploading' && <ProgressBar value={it.uploaded} total={it.file.size} label="Uploading" />}
                {(it.phase === 'ready' || it.phase === 'requested') && (
                  <>
                    <div className="file-meta mono" data-testid="file-sha256" style={{ marginTop: 6, overflowWrap: 'anywhere' }}>
                      SHA-256 {it.sha256}
                    </div>
                    {it.phase === 'ready' && (
                      <label className="field" style={{ marginTop: 10, marginBottom: 0 }}>
                        <span>Title</span>
                        <input type="text" value={it.title} maxLength={200} onChange={(e) => update(it.key, { title: e.target.value })} />
                      </label>
                    )}
                    {it.phase === 'requested' && (
                      <div className="row" style={{ marginTop: 8 }}>
                        <span className="badge badge-pending">Request created</span>
                        <a href={`/requests/${it.requestId}#t=${it.token}`} data-testid="open-request">
                          Show QR code →
                        </a>
                      </div>
                    )}
                  </>
                )}
                {it.phase === 'error' && (
                  <div className="alert alert-danger" style={{ margin: '8px 0 0' }} role="alert">
                    {it.error}
                  </div>
                )}
              </li>
            ))}
          </ul>
        )}
      </section>

      <section className="card">
        <h2>Request a signature</h2>
        <form onSubmit={createRequests} noValidate>
          <label className="field">
            <span>Signer name</span>
            <input type="text" name="signerName" required maxLength={200} value={form.signerName} onChange={(e) => setForm({ ...form, signerName: e.target.value })} placeholder="Ada Lovelace" />
          </label>
          <label className="field">
            <span>
              Signer email <small>(optional; lets a returning signer reuse their passkey)</small>
            </span>
            <input type="email" name="signerEmail" maxLength={254} value={form.signerEmail} onChange={(e) => setForm({ ...form, signerEmail: e.target.value })} placeholder="ada@example.com" />
          </label>
          <div className="field-row">
            <label className="field">
              <span>Document type</span>
              <select name="documentType" value={form.documentType} onChange={(e) => setForm({ ...form, documentType: e.target.value })}>
                {documentTypes.map((t) => (
                  <option key={t.id} value={t.id}>
                    {t.label}
                  </option>
                ))}
              </select>
            </label>
            <label className="field">
              <span>Link expires after</span>
              <select name="ttl" value={form.ttl} onChange={(e) => setForm({ ...form, ttl: Number(e.target.value) })}>
                {TTL_CHOICES.map((h) => (
                  <option key={h} value={h}>
                    {h < 24 ? `${h} hour${h === 1 ? '' : 's'}` : `${h / 24} day${h === 24 ? '' : 's'}`}
                  </option>
                ))}
              </select>
            </label>
          </div>
          <label className="field">
            <span>
              Requested by <small>(shown to the signer)</small>
            </span>
            <input type="text" name="requestedBy" maxLength={200} value={form.requestedBy} onChange={(e) => setForm({ ...form, requestedBy: e.target.value })} placeholder="Your name or team" />
          </label>
          {formError && (
            <div className="alert alert-danger" role="alert">
              {formError}
            </div>
          )}
          <button type="submit" className="btn btn-primary btn-block" disabled={ready.length === 0 || busy || submitting} data-testid="create-request">
            {submitting
              ? 'Creating…'
              : ready.length > 1
                ? `Create ${ready.length} signing requests`
                : ready.length === 1
                  ? 'Create signing request'
                  : busy
                    ? 'Waiting for upload…'
                    : 'Add a document first'}
          </button>
          {requested.length > 0 && ready.length === 0 && !busy && (
            <p className="small muted" style={{ marginTop: 12 }}>
              {requested.length} request{requested.length === 1 ? '' : 's'} created. Open each to show its QR code.
            </p>
          )}
        </form>
      </section>
    </div>
  );
}

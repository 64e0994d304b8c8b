'use client';

import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useCallback, useEffect, useRef, useState } from 'react';
import { parsePriorityOr } from './batch-priority';
import { BatchManifest, type ManifestResult } from './batch-manifest';
import { BatchOrderList, type BatchItem } from './batch-order-list';
import { apiJson, hashInWorker } from './hash-file';
import { ProblemAlert, useExplain, type Problem } from './problem';
import { ProgressBar } from './progress-bar';
import { SignerListFields, type ExtraSigner, type SignerOrder } from './signer-list-fields';
import { titleFromName, uploadWithProgress } from './upload-file';
import { useFormat } from './use-format';

export interface BatchUploadProps {
  documentTypes: { id: string; label: string }[];
  defaultTtlHours: number;
  maxBytes: number;
  maxDocuments: number;
}

const TTL_CHOICES = [24, 72, 168, 336, 720];
/** Files hashed and uploaded at once: enough to keep the line busy, few enough for 500 files. */
const PARALLEL = 3;

export function BatchUpload({ documentTypes, defaultTtlHours, maxBytes, maxDocuments }: BatchUploadProps) {
  const router = useRouter();
  const t = useTranslations('batches');
  const tu = useTranslations('upload');
  const f = useFormat();
  const explain = useExplain();
  const [items, setItems] = useState<BatchItem[]>([]);
  const [name, setName] = useState('');
  const [mode, setMode] = useState<'same' | 'manifest'>('same');
  const [signer, setSigner] = useState({ name: '', email: '' });
  const [extra, setExtra] = useState<ExtraSigner[]>([]);
  const [order, setOrder] = useState<SignerOrder>('sequential');
  const [manifest, setManifest] = useState<ManifestResult | null>(null);
  const [ttl, setTtl] = useState(TTL_CHOICES.includes(defaultTtlHours) ? defaultTtlHours : 168);
  const [dragging, setDragging] = useState(false);
  const [leftOut, setLeftOut] = useState(0);
  const [submitting, setSubmitting] = useState(false);
  const [formError, setFormError] = useState<Problem | null>(null);
  const filesRef = useRef<HTMLInputElement>(null);
  const folderRef = useRef<HTMLInputElement>(null);
  const started = useRef(new Set<string>());

  const update = useCallback((key: string, patch: Partial<BatchItem>) => {
    setItems((prev) => prev.map((it) => (it.key === key ? { ...it, ...patch } : it)));
  }, []);

  const addFiles = (files: FileList | File[]) => {
    const list = Array.from(files).filter((file) => !file.name.startsWith('.'));
    setItems((prev) => {
      const room = Math.max(0, maxDocuments - prev.length);
      setLeftOut(Math.max(0, list.length - room));
      return [
        ...prev,
        ...list.slice(0, room).map((file): BatchItem => {
          const key = `${file.name}-${file.size}-${file.lastModified}-${Math.random().toString(36).slice(2)}`;
          const base = { key, file, title: titleFromName(file.name), documentType: documentTypes[0]?.id ?? 'other', priority: 'normal' as const, hashed: 0, uploaded: 0 };
          if (file.size === 0) return { ...base, phase: 'error', error: { text: tu('emptyFile'), code: 'EMPTY_FILE' } };
          if (file.size > maxBytes) return { ...base, phase: 'error', error: { text: tu('tooLarge', { size: f.bytes(file.size), limit: f.bytes(maxBytes) }), code: 'FILE_TOO_LARGE' } };
          return { ...base, phase: 'waiting' };
        }),
      ];
    });
  };

  // A small pool: the next waiting files start as earlier ones finish.
  useEffect(() => {
    const running = items.filter((i) => i.phase === 'hashing' || i.phase === 'uploading').length;
    const next = items.filter((i) => i.phase === 'waiting' && !started.current.has(i.key)).slice(0, Math.max(0, PARALLEL - running));
    for (const it of next) {
      started.current.add(it.key);
      update(it.key, { phase: 'hashing' });
      void (async () => {
        try {
          const sha256 = await hashInWorker(it.file, (done) => update(it.key, { hashed: done }));
          update(it.key, { sha256, hashed: it.file.size, phase: 'uploading' });
          const document = await uploadWithProgress(it.file, sha256, (n) => update(it.key, { uploaded: n }));
          update(it.key, { documentId: document.id, uploaded: it.file.size, phase: 'ready' });
        } catch (e) {
          update(it.key, { phase: 'error', error: explain(e) });
        }
      })();
    }
  }, [items, update, explain]);

  // A manifest sets each listed document's title, type and priority; they stay editable.
  const applyManifest = (m: ManifestResult | null) => {
    setManifest(m);
    if (!m) return;
    const byFile = new Map(m.rows.map((r) => [r.file, r]));
    setItems((prev) =>
      prev.map((it) => {
        const row = byFile.get(it.file.name);
        if (!row) return it;
        const type = documentTypes.some((d) => d.id === row.type) ? row.type : it.documentType;
        return { ...it, title: row.title || it.title, documentType: type, priority: parsePriorityOr(row.priority, it.priority) };
      }),
    );
  };

  const usable = items.filter((i) => i.phase !== 'error');
  const ready = usable.filter((i) => i.phase === 'ready');
  const busy = usable.length > ready.length;
  const bytesTotal = usable.reduce((n, i) => n + i.file.size, 0);
  const bytesDone = usable.reduce((n, i) => n + (i.phase === 'ready' ? i.file.size : i.phase === 'uploading' ? i.uploaded : 0), 0);
  const notInManifest = mode === 'manifest' && manifest ? usable.filter((i) => !manifest.rows.some((r) => r.file === i.file.name)).map((i) => i.file.name) : [];

  async function create(e: React.FormEvent) {
    e.preventDefault();
    setFormError(null);
    if (!name.trim()) return setFormError({ text: t('nameMissing'), code: null });
    if (mode === 'same' && (!signer.name.trim() || extra.some((x) => !x.name.trim()))) return setFormError({ text: t('signerMissing'), code: null });
    if (mode === 'manifest' && (!manifest || notInManifest.length)) return setFormError({ text: t('manifestProblems'), code: 'MANIFEST_INVALID' });
    const signers = [signer, ...extra].map((x) => ({ name: x.name.trim(), email: x.email.trim() || null }));
    setSubmitting(true);
    try {
      const res = await apiJson<{ batch: { id: string } }>('/api/batches', {
        method: 'POST',
        body: JSON.stringify({
          name: name.trim(),
          documents: ready.map((it, i) => ({ documentId: it.documentId, title: it.title.trim() || it.file.name, documentType: it.documentType, priority: it.priority, position: i })),
          ...(mode === 'same' ? { signers, ...(extra.length ? { order } : {}) } : { manifest: manifest!.csv }),
          expiresInHours: ttl,
        }),
      });
      router.push(`/batches/${res.batch.id}`);
    } catch (err) {
      setFormError(explain(err));
      setSubmitting(false);
    }
  }

  return (
    <form onSubmit={create} noValidate className="batch-upload">
      <section className="card">
        <label className="field">
          <span>{t('batchName')}</span>
          <input type="text" maxLength={200} value={name} onChange={(e) => setName(e.target.value)} placeholder={t('batchNamePlaceholder')} data-testid="batch-name" />
        </label>
        <div
          className={`dropzone${dragging ? ' active' : ''}`}
          data-testid="batch-dropzone"
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
          <strong>{t('drop')}</strong>
          <span className="muted">{t('dropHint', { max: maxDocuments, limit: f.bytes(maxBytes) })}</span>
          <div className="row" style={{ justifyContent: 'center', marginTop: 12 }}>
            <button type="button" className="btn btn-secondary" onClick={() => filesRef.current?.click()} data-testid="pick-files">
              {t('pickFiles')}
            </button>
            <button type="button" className="btn btn-secondary" onClick={() => folderRef.current?.click()} data-testid="pick-folder">
              {t('pickFolder')}
            </button>
          </div>
          <input ref={filesRef} type="file" multiple hidden data-testid="batch-files" onChange={(e) => (e.target.files && addFiles(e.target.files), (e.target.value = ''))} />
          <input
            ref={(el) => {
              folderRef.current = el;
              // webkitdirectory is not in React's typings; every current browser supports it.
              el?.setAttribute('webkitdirectory', '');
            }}
            type="file"
            multiple
            hidden
            data-testid="batch-folder"
            onChange={(e) => (e.target.files && addFiles(e.target.files), (e.target.value = ''))}
          />
        </div>
        {leftOut > 0 && <ProblemAlert problem={{ text: t('tooMany', { max: maxDocuments, n: leftOut }), code: 'BATCH_TOO_LARGE' }} style={{ marginTop: 12 }} />}
        {usable.length > 0 && (
          <div style={{ marginTop: 16 }} data-testid="batch-overall">
            <ProgressBar value={bytesDone} total={bytesTotal} label={t('overall', { done: ready.length, total: usable.length })} done={!busy} />
          </div>
        )}
      </section>

      {items.length > 0 && (
        <section className="card">
          <h2>{t('orderTitle')}</h2>
          <BatchOrderList items={items} documentTypes={documentTypes} onChange={setItems} onRemove={(key) => setItems((prev) => prev.filter((x) => x.key !== key))} />
        </section>
      )}

      <section className="card">
        <h2>{t('signersTitle')}</h2>
        <div className="row" role="radiogroup" aria-label={t('signersTitle')} style={{ marginBottom: 12 }}>
          <label className="row">
            <input type="radio" name="signer-mode" checked={mode === 'same'} onChange={() => setMode('same')} data-testid="mode-same" /> {t('sameSigners')}
          </label>
          <label className="row">
            <input type="radio" name="signer-mode" checked={mode === 'manifest'} onChange={() => setMode('manifest')} data-testid="mode-manifest" /> {t('manifestSigners')}
          </label>
        </div>
        {mode === 'same' ? (
          <>
            <div className="field-row">
              <label className="field">
                <span>{tu('signerName')}</span>
                <input type="text" maxLength={200} value={signer.name} onChange={(e) => setSigner({ ...signer, name: e.target.value })} data-testid="batch-signer-name" />
              </label>
              <label className="field">
                <span>
                  {tu('signerEmail')} <small>{tu('signerEmailHint')}</small>
                </span>
                <input type="email" maxLength={254} value={signer.email} onChange={(e) => setSigner({ ...signer, email: e.target.value })} data-testid="batch-signer-email" />
              </label>
            </div>
            <SignerListFields extra={extra} order={order} onChange={setExtra} onOrder={setOrder} />
          </>
        ) : (
          <>
            <BatchManifest fileNames={usable.map((i) => i.file.name)} onResult={applyManifest} />
            {notInManifest.length > 0 && <ProblemAlert problem={{ text: t('manifestNoRow', { files: notInManifest.join(t('listSeparator')) }), code: null }} />}
          </>
        )}
        <label className="field" style={{ marginTop: 12 }}>
          <span>{t('ttl')}</span>
          <select value={ttl} onChange={(e) => setTtl(Number(e.target.value))}>
            {TTL_CHOICES.map((h) => (
              <option key={h} value={h}>
                {t('days', { n: h / 24 })}
              </option>
            ))}
          </select>
        </label>
        <ProblemAlert problem={formError} testId="batch-error" />
        <button type="submit" className="btn btn-primary btn-block" disabled={ready.length === 0 || busy || submitting} data-testid="create-batch">
          {submitting ? t('creating') : ready.length > 0 && !busy ? t('create', { n: ready.length }) : busy ? t('waitingUpload') : t('addFirst')}
        </button>
      </section>
    </form>
  );
}

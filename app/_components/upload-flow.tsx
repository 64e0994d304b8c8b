'use client';

import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useCallback, useRef, useState } from 'react';
import { apiJson, hashInWorker } from './hash-file';
import { SignerListFields, tokensFragment, type ExtraSigner, type SignerOrder } from './signer-list-fields';
import { titleFromName, uploadWithProgress, type DocumentView } from './upload-file';
import { documentTypeName } from './document-type';
import { ProgressBar } from './progress-bar';
import { ProblemAlert, useExplain, type Problem } from './problem';
import { useFormat } from './use-format';

interface Item {
  key: string;
  file: File;
  title: string;
  phase: 'hashing' | 'uploading' | 'ready' | 'error' | 'requested';
  hashed: number;
  uploaded: number;
  sha256?: string;
  document?: DocumentView;
  error?: Problem;
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
  const t = useTranslations('upload');
  const tt = useTranslations('documentTypes');
  const f = useFormat();
  const explain = useExplain();
  const [items, setItems] = useState<Item[]>([]);
  const [dragging, setDragging] = useState(false);
  const [submitting, setSubmitting] = useState(false);
  const [formError, setFormError] = useState<Problem | null>(null);
  const [extra, setExtra] = useState<ExtraSigner[]>([]);
  const [order, setOrder] = useState<SignerOrder>('sequential');
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
          update(key, { phase: 'error', error: { text: t('emptyFile'), code: 'EMPTY_FILE' } });
          continue;
        }
        if (file.size > maxBytes) {
          update(key, { phase: 'error', error: { text: t('tooLarge', { size: f.bytes(file.size), limit: f.bytes(maxBytes) }), code: 'FILE_TOO_LARGE' } });
          continue;
        }
        void (async () => {
          try {
            const sha256 = await hashInWorker(file, (done) => update(key, { hashed: done }));
            update(key, { sha256, hashed: file.size, phase: 'uploading' });
            const document = await uploadWithProgress(file, sha256, (n) => update(key, { uploaded: n }));
            update(key, { document, uploaded: file.size, phase: 'ready' });
          } catch (e) {
            update(key, { phase: 'error', error: explain(e) });
          }
        })();
      }
    },
    [maxBytes, update, t, f, explain],
  );

  const ready = items.filter((i) => i.phase === 'ready');
  const busy = items.some((i) => i.phase === 'hashing' || i.phase === 'uploading');
  const requested = items.filter((i) => i.phase === 'requested');

  async function createRequests(e: React.FormEvent) {
    e.preventDefault();
    setFormError(null);
    if (!form.signerName.trim() || extra.some((x) => !x.name.trim())) {
      setFormError({ text: t('signerMissing'), code: null });
      return;
    }
    const who =
      extra.length === 0
        ? { signerName: form.signerName.trim(), signerEmail: form.signerEmail.trim() || null }
        : {
            signers: [{ name: form.signerName, email: form.signerEmail }, ...extra].map((x) => ({ name: x.name.trim(), email: x.email.trim() || null })),
            order,
          };
    setSubmitting(true);
    const made: Item[] = [];
    try {
      for (const it of ready) {
        const res = await apiJson<{ request: { id: string }; token: string; signers: { id: string; token: string }[] }>('/api/requests', {
          method: 'POST',
          body: JSON.stringify({
            documentId: it.document!.id,
            title: it.title.trim() || it.file.name,
            documentType: form.documentType,
            ...who,
            requestedBy: form.requestedBy.trim() || null,
            expiresInHours: form.ttl,
          }),
        });
        const fragment = tokensFragment(res.signers);
        update(it.key, { phase: 'requested', requestId: res.request.id, token: fragment });
        made.push({ ...it, requestId: res.request.id, token: fragment });
      }
      if (made.length === 1 && items.length === 1) {
        router.push(`/requests/${made[0]!.requestId}#${made[0]!.token}`);
      }
    } catch (err) {
      setFormError(explain(err));
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
          <strong>{t('drop')}</strong>
          <span className="muted">{t('dropHint', { limit: f.bytes(maxBytes) })}</span>
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
          {t('hashNote')}
        </p>
        {items.length > 0 && (
          <ul className="file-list" data-testid="file-list">
            {items.map((it) => (
              <li key={it.key} className="file-item" data-testid="file-item" data-phase={it.phase}>
                <div className="file-head">
                  <span className="file-name" title={it.file.name}>
                    {it.file.name}
                  </span>
                  <span className="file-meta">{f.bytes(it.file.size)}</span>
                </div>
                {it.phase === 'hashing' && <ProgressBar value={it.hashed} total={it.file.size} label={t('hashing')} />}
                {it.phase === 'uploading' && <ProgressBar value={it.uploaded} total={it.file.size} label={t('uploading')} />}
                {(it.phase === 'ready' || it.phase === 'requested') && (
                  <>
                    <div className="file-meta mono" data-testid="file-sha256" style={{ marginTop: 6, overflowWrap: 'anywhere' }}>
                      SHA-256 {it.sha256}
                    </div>
                    {it.phase === 'ready' && (
                      <label className="field" style={{ marginTop: 10, marginBottom: 0 }}>
                        <span>{t('docTitle')}</span>
                        <input type="text" value={it.title} maxLength={200} onChange={(e) => update(it.key, { title: e.target.value })} />
                      </label>
                    )}
                    {it.phase === 'requested' && (
                      <div className="row" style={{ marginTop: 8 }}>
                        <span className="badge badge-pending">{t('created')}</span>
                        <a href={`/requests/${it.requestId}#${it.token}`} data-testid="open-request">
                          {t('showQr')}
                        </a>
                      </div>
                    )}
                  </>
                )}
                {it.phase === 'error' && (
                  <>
                    <ProblemAlert problem={it.error ?? null} style={{ margin: '8px 0 0' }} />
                    <button type="button" className="btn btn-sm btn-secondary" style={{ marginTop: 8 }} onClick={() => setItems((prev) => prev.filter((x) => x.key !== it.key))} data-testid="remove-file">
                      {t('remove')}
                    </button>
                  </>
                )}
              </li>
            ))}
          </ul>
        )}
      </section>

      <section className="card">
        <h2>{t('formTitle')}</h2>
        <form onSubmit={createRequests} noValidate>
          <label className="field">
            <span>{t('signerName')}</span>
            <input type="text" name="signerName" required maxLength={200} value={form.signerName} onChange={(e) => setForm({ ...form, signerName: e.target.value })} placeholder={t('signerNamePlaceholder')} />
          </label>
          <label className="field">
            <span>
              {t('signerEmail')} <small>{t('signerEmailHint')}</small>
            </span>
            <input type="email" name="signerEmail" maxLength={254} value={form.signerEmail} onChange={(e) => setForm({ ...form, signerEmail: e.target.value })} placeholder={t('signerEmailPlaceholder')} />
          </label>
          <SignerListFields extra={extra} order={order} onChange={setExtra} onOrder={setOrder} />
          <div className="field-row">
            <label className="field">
              <span>{t('documentType')}</span>
              <select name="documentType" value={form.documentType} onChange={(e) => setForm({ ...form, documentType: e.target.value })}>
                {documentTypes.map((dt) => (
                  <option key={dt.id} value={dt.id}>
                    {documentTypeName(tt, dt.id, dt.label)}
                  </option>
                ))}
              </select>
            </label>
            <label className="field">
              <span>{t('ttl')}</span>
              <select name="ttl" value={form.ttl} onChange={(e) => setForm({ ...form, ttl: Number(e.target.value) })}>
                {TTL_CHOICES.map((h) => (
                  <option key={h} value={h}>
                    {h < 24 ? t('hours', { n: h }) : t('days', { n: h / 24 })}
                  </option>
                ))}
              </select>
            </label>
          </div>
          <label className="field">
            <span>
              {t('requestedBy')} <small>{t('requestedByHint')}</small>
            </span>
            <input type="text" name="requestedBy" maxLength={200} value={form.requestedBy} onChange={(e) => setForm({ ...form, requestedBy: e.target.value })} placeholder={t('requestedByPlaceholder')} />
          </label>
          <ProblemAlert problem={formError} />
          <button type="submit" className="btn btn-primary btn-block" disabled={ready.length === 0 || busy || submitting} data-testid="create-request">
            {submitting ? t('creating') : ready.length > 0 ? t('create', { n: ready.length }) : busy ? t('waitingUpload') : t('addFirst')}
          </button>
          {requested.length > 0 && ready.length === 0 && !busy && (
            <p className="small muted" style={{ marginTop: 12 }}>
              {t('createdMany', { n: requested.length })}
            </p>
          )}
        </form>
      </section>
    </div>
  );
}

'use client';

import { useTranslations } from 'next-intl';
import { useEffect, useRef, useState } from 'react';
import { PRIORITIES, type Priority } from '@/lib/batches/priority';
import { documentTypeName } from './document-type';
import { ProblemAlert, type Problem } from './problem';
import { ProgressBar } from './progress-bar';
import { useFormat } from './use-format';

export interface BatchItem {
  key: string;
  file: File;
  title: string;
  documentType: string;
  priority: Priority;
  phase: 'waiting' | 'hashing' | 'uploading' | 'ready' | 'error';
  hashed: number;
  uploaded: number;
  documentId?: string;
  sha256?: string;
  error?: Problem;
}

/** Moves the item at `from` to `to`, shifting the others (the list's only reordering primitive). */
export function moveItem<T>(list: T[], from: number, to: number): T[] {
  if (from === to || from < 0 || to < 0 || from >= list.length || to >= list.length) return list;
  const next = [...list];
  const [item] = next.splice(from, 1);
  next.splice(to, 0, item!);
  return next;
}

/**
 * The documents in signing order, each with its upload progress, title, type and priority.
 * Reordering works by dragging a row (HTML drag and drop) and from the keyboard: a row's handle
 * is a button that moves the row with the arrow keys (WAI-ARIA APG "reorderable list" pattern), and
 * each move is announced in a live region.
 */
export function BatchOrderList({
  items,
  documentTypes,
  onChange,
  onRemove,
}: {
  items: BatchItem[];
  documentTypes: { id: string; label: string }[];
  onChange: (next: BatchItem[]) => void;
  onRemove: (key: string) => void;
}) {
  const t = useTranslations('batches');
  const tu = useTranslations('upload');
  const tt = useTranslations('documentTypes');
  const tp = useTranslations('priorities');
  const f = useFormat();
  const [dragKey, setDragKey] = useState<string | null>(null);
  const [announce, setAnnounce] = useState('');
  const [focusKey, setFocusKey] = useState<string | null>(null);
  const handles = useRef(new Map<string, HTMLButtonElement>());

  useEffect(() => {
    if (focusKey) handles.current.get(focusKey)?.focus();
  }, [focusKey, items]);

  const set = (key: string, patch: Partial<BatchItem>) => onChange(items.map((it) => (it.key === key ? { ...it, ...patch } : it)));
  const move = (from: number, to: number) => {
    const next = moveItem(items, from, to);
    if (next === items) return;
    onChange(next);
    const it = items[from]!;
    setFocusKey(it.key);
    setAnnounce(t('moved', { title: it.title, n: to + 1, total: items.length }));
  };

  return (
    <>
      <p className="small muted">{t('orderHint')}</p>
      <ol className="file-list batch-order" data-testid="batch-order">
        {items.map((it, i) => (
          <li
            key={it.key}
            className={`file-item batch-row${dragKey === it.key ? ' dragging' : ''}`}
            data-testid="batch-item"
            data-phase={it.phase}
            data-file={it.file.name}
            draggable
            onDragStart={(e) => {
              setDragKey(it.key);
              e.dataTransfer.effectAllowed = 'move';
              e.dataTransfer.setData('text/plain', it.key);
            }}
            onDragEnd={() => setDragKey(null)}
            onDragOver={(e) => e.preventDefault()}
            onDrop={(e) => {
              e.preventDefault();
              const from = items.findIndex((x) => x.key === (dragKey ?? e.dataTransfer.getData('text/plain')));
              if (from >= 0) move(from, i);
              setDragKey(null);
            }}
          >
            <div className="file-head">
              <button
                type="button"
                className="btn btn-sm btn-secondary batch-handle"
                aria-label={t('handle', { title: it.title })}
                aria-describedby="batch-order-hint"
                data-testid="batch-handle"
                ref={(el) => {
                  if (el) handles.current.set(it.key, el);
                  else handles.current.delete(it.key);
                }}
                onKeyDown={(e) => {
                  if (e.key === 'ArrowUp') move(i, i - 1);
                  else if (e.key === 'ArrowDown') move(i, i + 1);
                  else if (e.key === 'Home') move(i, 0);
                  else if (e.key === 'End') move(i, items.length - 1);
                  else return;
                  e.preventDefault();
                }}
              >
                <span aria-hidden>⠿</span> <span data-testid="batch-position">{i + 1}</span>
              </button>
              <span className="file-name" title={it.file.name}>
                {it.file.name}
              </span>
              <span className="file-meta">{f.bytes(it.file.size)}</span>
            </div>
            {it.phase === 'hashing' && <ProgressBar value={it.hashed} total={it.file.size} label={tu('hashing')} />}
            {it.phase === 'uploading' && <ProgressBar value={it.uploaded} total={it.file.size} label={tu('uploading')} />}
            {it.phase === 'waiting' && <ProgressBar value={0} total={it.file.size} label={tu('waitingUpload')} />}
            {it.phase === 'error' && <ProblemAlert problem={it.error ?? null} style={{ margin: '8px 0 0' }} />}
            {it.phase !== 'error' && (
              <div className="batch-fields">
                <label className="field">
                  <span>{t('docTitle')}</span>
                  <input type="text" value={it.title} maxLength={200} onChange={(e) => set(it.key, { title: e.target.value })} data-testid="batch-title" />
                </label>
                <label className="field">
                  <span>{t('type')}</span>
                  <select value={it.documentType} onChange={(e) => set(it.key, { documentType: e.target.value })} data-testid="batch-type">
                    {documentTypes.map((dt) => (
                      <option key={dt.id} value={dt.id}>
                        {documentTypeName(tt, dt.id, dt.label)}
                      </option>
                    ))}
                  </select>
                </label>
                <label className="field">
                  <span>{t('priority')}</span>
                  <select value={it.priority} onChange={(e) => set(it.key, { priority: e.target.value as Priority })} data-testid="batch-priority">
                    {PRIORITIES.map((p) => (
                      <option key={p} value={p}>
                        {tp(p)}
                      </option>
                    ))}
                  </select>
                </label>
              </div>
            )}
            <div className="row" style={{ marginTop: 6 }}>
              <button type="button" className="btn btn-sm btn-secondary" onClick={() => move(i, i - 1)} disabled={i === 0}>
                {t('moveUp')}
              </button>
              <button type="button" className="btn btn-sm btn-secondary" onClick={() => move(i, i + 1)} disabled={i === items.length - 1}>
                {t('moveDown')}
              </button>
              <button type="button" className="btn btn-sm btn-danger-ghost" onClick={() => onRemove(it.key)}>
                {t('remove')}
              </button>
            </div>
          </li>
        ))}
      </ol>
      <span id="batch-order-hint" className="sr-only">
        {t('orderHint')}
      </span>
      <div className="sr-only" aria-live="polite" data-testid="batch-announce">
        {announce}
      </div>
    </>
  );
}

'use client';

import { useTranslations } from 'next-intl';
import { useState, type FormEvent } from 'react';
import type { NoteView } from '@/lib/notes/note-view';
import { apiJson } from './hash-file';
import { ProblemAlert, useExplain, type Problem } from './problem';
import { useFormat } from './use-format';

const MAX = 2000;

/**
 * Staff notes on a request. Append-only: no edit or delete. Every value is rendered as
 * a React text node, so a note, an author name or a title is shown literally, never as HTML.
 */
export function RequestNotes({ requestId, initial }: { requestId: string; initial: NoteView[] }) {
  const [notes, setNotes] = useState(initial);
  const [body, setBody] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Problem | null>(null);
  const t = useTranslations('notes');
  const f = useFormat();
  const explain = useExplain();
  const blank = body.trim().length === 0;

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (blank || busy) return;
    setBusy(true);
    setError(null);
    try {
      // apiJson sends the CSRF header (app/_components/csrf.ts) the cookie session requires.
      const note = await apiJson<NoteView>(`/api/requests/${requestId}/notes`, { method: 'POST', body: JSON.stringify({ body }) });
      setNotes((list) => [...list, note]);
      setBody('');
    } catch (err) {
      setError(explain(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card" data-testid="notes">
      <h2>{t('title')}</h2>
      {notes.length === 0 ? (
        <p className="muted small">{t('empty')}</p>
      ) : (
        <ol className="notes-list">
          {notes.map((n) => (
            <li key={n.id} className="note" data-testid="note">
              <div className="note-head">
                <span className="note-author">{n.author.name}</span>
                <time className="note-when" dateTime={n.createdAt}>
                  {f.dateTime(n.createdAt)}
                </time>
              </div>
              <p className="note-body">{n.body}</p>
            </li>
          ))}
        </ol>
      )}
      <form onSubmit={submit} className="note-form">
        <label className="field">
          <span>
            {t('add')} <small>{t('addHint')}</small>
          </span>
          <textarea rows={3} maxLength={MAX} value={body} onChange={(e) => setBody(e.target.value)} data-testid="note-input" />
        </label>
        <div className="spread">
          <span className="small muted">
            {body.length} / {MAX}
          </span>
          <button type="submit" className="btn btn-primary btn-sm" disabled={blank || busy} data-testid="add-note">
            {busy ? t('adding') : t('submit')}
          </button>
        </div>
        <ProblemAlert problem={error} style={{ marginTop: 12, marginBottom: 0 }} />
      </form>
    </section>
  );
}

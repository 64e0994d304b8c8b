'use client';

import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { useExplain, type Problem } from './problem';

export const DAY = 86_400_000;
const EXTEND_DAYS = [1, 3, 7, 14, 30];

export type LifecycleMode = 'idle' | 'cancel' | 'extend';

/**
 * The state a staff verb panel needs (a request's or a whole batch's): which form is open, the
 * cancel reason, the extension, and one `act` that runs a call, closes the form and shows a
 * refusal in the user's language.
 */
export function useLifecycleActions() {
  const explain = useExplain();
  const [mode, setMode] = useState<LifecycleMode>('idle');
  const [reason, setReason] = useState('');
  const [days, setDays] = useState(7);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  async function act(fn: () => Promise<void>) {
    setBusy(true);
    setProblem(null);
    try {
      await fn();
      setMode('idle');
    } catch (e) {
      setProblem(explain(e));
    } finally {
      setBusy(false);
    }
  }
  return { mode, setMode, reason, setReason, days, setDays, busy, problem, act };
}

type Actions = ReturnType<typeof useLifecycleActions>;

/** The cancel form: a reason is required, shown to the signers whose phones have the link open. */
export function CancelForm({ actions, label, confirm, onConfirm, testIds }: { actions: Actions; label: string; confirm: string; onConfirm: () => void; testIds: { reason: string; confirm: string } }) {
  const t = useTranslations('multi');
  const { reason, setReason, busy, setMode } = actions;
  return (
    <div style={{ marginTop: 12 }}>
      <label className="field">
        <span>{label}</span>
        <textarea rows={2} maxLength={1000} value={reason} onChange={(e) => setReason(e.target.value)} data-testid={testIds.reason} />
      </label>
      <div className="row">
        <button type="button" className="btn btn-secondary btn-sm" onClick={() => setMode('idle')} disabled={busy}>
          {t('back')}
        </button>
        <button type="button" className="btn btn-danger-ghost btn-sm" onClick={onConfirm} disabled={busy || !reason.trim()} data-testid={testIds.confirm}>
          {confirm}
        </button>
      </div>
    </div>
  );
}

/** The extend form: a new expiry a number of days from now. */
export function ExtendForm({ actions, label, onConfirm, testIds }: { actions: Actions; label: string; onConfirm: () => void; testIds: { days: string; confirm: string } }) {
  const t = useTranslations('multi');
  const { days, setDays, busy, setMode } = actions;
  return (
    <div style={{ marginTop: 12 }}>
      <label className="field">
        <span>{label}</span>
        <select value={days} onChange={(e) => setDays(Number(e.target.value))} data-testid={testIds.days}>
          {EXTEND_DAYS.map((d) => (
            <option key={d} value={d}>
              {t('daysFromNow', { n: d })}
            </option>
          ))}
        </select>
      </label>
      <div className="row">
        <button type="button" className="btn btn-secondary btn-sm" onClick={() => setMode('idle')} disabled={busy}>
          {t('back')}
        </button>
        <button type="button" className="btn btn-primary btn-sm" onClick={onConfirm} disabled={busy} data-testid={testIds.confirm}>
          {t('extendConfirm')}
        </button>
      </div>
    </div>
  );
}

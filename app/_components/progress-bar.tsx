export function ProgressBar({ value, total, label, done = false }: { value: number; total: number; label: string; done?: boolean }) {
  const pct = total > 0 ? Math.min(100, Math.round((value / total) * 100)) : done ? 100 : 0;
  return (
    <div>
      <div className={`progress${done ? ' ok' : ''}`} role="progressbar" aria-label={label} aria-valuemin={0} aria-valuemax={100} aria-valuenow={pct}>
        <div style={{ width: `${pct}%` }} />
      </div>
      <div className="progress-label">
        <span>{label}</span>
        <span>{pct}%</span>
      </div>
    </div>
  );
}

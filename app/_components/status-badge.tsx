import { STATUS_LABEL } from './format';

export function StatusBadge({ status, large = false }: { status: string; large?: boolean }) {
  return (
    <span className={`badge badge-${status}${large ? ' badge-lg' : ''}`} data-testid="status-badge" data-status={status}>
      {STATUS_LABEL[status] ?? status}
    </span>
  );
}

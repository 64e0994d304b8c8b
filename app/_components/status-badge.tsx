'use client';

import { useTranslations } from 'next-intl';

export function StatusBadge({ status, large = false }: { status: string; large?: boolean }) {
  const t = useTranslations('status');
  return (
    <span className={`badge badge-${status}${large ? ' badge-lg' : ''}`} data-testid="status-badge" data-status={status}>
      {t.has(status) ? t(status) : status}
    </span>
  );
}

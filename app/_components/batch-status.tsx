'use client';

import { useTranslations } from 'next-intl';
import type { BatchStatus } from '@/lib/batches/batch-view';

const BADGE: Record<BatchStatus, string> = { open: 'pending', complete: 'signed', cancelled: 'cancelled' };
const KEY = { open: 'statusOpen', complete: 'statusComplete', cancelled: 'statusCancelled' } as const;

/** A batch's status in the request badges' colours: open like pending, complete like signed. */
export function BatchStatusBadge({ status }: { status: BatchStatus }) {
  const t = useTranslations('batches');
  return (
    <span className={`badge badge-${BADGE[status]}`} data-testid="batch-status" data-status={status}>
      {t(KEY[status])}
    </span>
  );
}

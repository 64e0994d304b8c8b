'use client';

import { useTranslations } from 'next-intl';

/** The certificate state as a badge, reusing the request badge colours (ok / warn / danger / info). */
const CLASS: Record<string, string> = {
  valid: 'badge-signed',
  'expiring-soon': 'badge-expired',
  expired: 'badge-declined',
  'not-yet-valid': 'badge-opened',
  revoked: 'badge-declined',
};
export function CertificateBadge({ state, large = false }: { state: string; large?: boolean }) {
  const t = useTranslations('certState');
  return (
    <span className={`badge ${CLASS[state] ?? 'badge-pending'}${large ? ' badge-lg' : ''}`} data-testid="certificate-state" data-state={state}>
      {t.has(state) ? t(state) : state}
    </span>
  );
}

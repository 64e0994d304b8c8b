/** The certificate state as a badge, reusing the request badge colours (ok / warn / danger / info). */
const CLASS: Record<string, string> = {
  valid: 'badge-signed',
  'expiring-soon': 'badge-expired',
  expired: 'badge-declined',
  'not-yet-valid': 'badge-opened',
  revoked: 'badge-declined',
};
const LABEL: Record<string, string> = {
  valid: 'Valid',
  'expiring-soon': 'Expiring soon',
  expired: 'Expired',
  'not-yet-valid': 'Not yet valid',
  revoked: 'Revoked',
};

export function CertificateBadge({ state, large = false }: { state: string; large?: boolean }) {
  return (
    <span className={`badge ${CLASS[state] ?? 'badge-pending'}${large ? ' badge-lg' : ''}`} data-testid="certificate-state" data-state={state}>
      {LABEL[state] ?? state}
    </span>
  );
}

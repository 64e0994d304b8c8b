import type { CertificateRow } from './certificate-store';

export type CertificateState = 'valid' | 'expiring-soon' | 'expired' | 'not-yet-valid' | 'revoked';

export interface CertificateStatus {
  state: CertificateState;
  /** Whole days until notAfter (negative once expired). */
  daysLeft: number;
}

const DAY_MS = 86_400_000;

/**
 * The state of a certificate at `now`: revoked (from its revocation time) wins, then not yet valid,
 * expired, and expiring soon when fewer than the first (largest) reminder threshold days are left.
 */
export function certificateStatus(row: Pick<CertificateRow, 'notBefore' | 'notAfter' | 'revokedAt'>, now: Date, reminderDays: number[]): CertificateStatus {
  // Whole days started: a certificate issued a second ago for 365 days has 365 days left, not 364.
  const daysLeft = Math.ceil((row.notAfter.getTime() - now.getTime()) / DAY_MS);
  const soon = reminderDays[0] ?? 0;
  let state: CertificateState = 'valid';
  if (row.revokedAt && now >= row.revokedAt) state = 'revoked';
  else if (now < row.notBefore) state = 'not-yet-valid';
  else if (now > row.notAfter) state = 'expired';
  else if (daysLeft < soon) state = 'expiring-soon';
  return { state, daysLeft };
}

import Link from 'next/link';
import { activeCertificate } from '@/lib/certificates/certificate-store';
import { certificateStatus } from '@/lib/certificates/certificate-status';
import { appContext } from '@/lib/context';

/** Staff banner when the organisation certificate needs attention (inside the first reminder threshold or unusable). */
export async function CertificateBanner() {
  const ctx = await appContext();
  const row = await activeCertificate(ctx, 'signing');
  if (!row) return null;
  const { state, daysLeft } = certificateStatus(row, ctx.clock.now(), ctx.config.certReminderDays);
  if (state === 'valid') return null;
  const text =
    state === 'expiring-soon'
      ? `The organization certificate expires in ${daysLeft} day${daysLeft === 1 ? '' : 's'}. Renew it before signing stops.`
      : state === 'expired'
        ? 'The organization certificate has expired: signing is refused until it is renewed.'
        : state === 'revoked'
          ? 'The organization certificate was revoked: signing is refused until it is renewed.'
          : 'The organization certificate is not valid yet: signing is refused until it is.';
  return (
    <div className="page" style={{ paddingBottom: 0 }}>
      <div className={`alert ${state === 'expiring-soon' ? 'alert-warn' : 'alert-danger'}`} role="status" data-testid="certificate-banner" style={{ marginBottom: 0 }}>
        {text} <Link href="/certificates">Open certificates →</Link>
      </div>
    </div>
  );
}

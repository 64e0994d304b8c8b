import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
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
  const t = await getTranslations('certs');
  const text = t(`banner.${state}`, { n: daysLeft });
  return (
    <div className="page" style={{ paddingBottom: 0 }}>
      <div className={`alert ${state === 'expiring-soon' ? 'alert-warn' : 'alert-danger'}`} role="status" data-testid="certificate-banner" style={{ marginBottom: 0 }}>
        {text} <Link href="/certificates">{t('bannerLink')}</Link>
      </div>
    </div>
  );
}

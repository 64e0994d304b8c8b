import { getTranslations } from 'next-intl/server';
import { AuthShell } from '@/app/_components/auth-shell';
import { currentStaff, hasRole } from '@/app/_components/current-staff';
import { VerifyLookup } from '@/app/_components/verify-lookup';
import { VerifyPanel } from '@/app/_components/verify-panel';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<{ title: string }> {
  return { title: (await getTranslations('meta'))('verify') };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Public: anyone verifies an evidence bundle here, in the browser. The certificate QR links here
 * with ?request=&record=; there is deliberately no public evidence route (docs/evidence.md,
 * "Verify in the browser"), so a visitor is told how to get the bundle, and signed-in staff can
 * load it through the authenticated evidence route and still verify it locally.
 */
export default async function VerifyPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const t = await getTranslations('verify');
  const params = await searchParams;
  const record = typeof params.record === 'string' && UUID.test(params.record) ? params.record : null;
  const request = typeof params.request === 'string' && UUID.test(params.request) ? params.request : null;
  const staff = await currentStaff();
  const canLookUp = staff !== null && hasRole(staff, ['uploader', 'auditor']);
  return (
    <AuthShell label={t('label')}>
      <div className="stack verify-page">
        <div>
          <h1>{t('title')}</h1>
          <p className="muted">{t('intro')}</p>
        </div>
        {(record || request) && (
          <div className="alert alert-info" data-testid="verify-from-qr">
            <p style={{ margin: 0 }}>{canLookUp ? t('fromQrStaff') : t('fromQr')}</p>
            {record && (
              <p className="small" style={{ margin: '6px 0 0' }}>
                {t('fileName')} <code>signet-evidence-{record}.json</code>
              </p>
            )}
          </div>
        )}
        <VerifyPanel fetchable={canLookUp && record ? { recordId: record } : null} />
        {canLookUp && <VerifyLookup />}
        <p className="footer-note">{t('offlineNote')}</p>
      </div>
    </AuthShell>
  );
}

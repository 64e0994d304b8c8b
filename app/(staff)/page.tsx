import { redirect } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { hasRole, requireStaff } from '@/app/_components/current-staff';
import { UploadFlow } from '@/app/_components/upload-flow';
import { config } from '@/lib/env';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<{ title: string }> {
  return { title: (await getTranslations('meta'))('upload') };
}

export default async function UploadPage() {
  // Auditors and other roles cannot upload: send them where they may go (the API refuses too).
  const staff = await requireStaff();
  if (!hasRole(staff, ['uploader'])) redirect(hasRole(staff, ['auditor']) ? '/requests' : '/account');
  const c = config();
  const t = await getTranslations('upload');
  return (
    <>
      <div className="page-header">
        <div>
          <h1>{t('title')}</h1>
          <p className="subtitle">{t('subtitle')}</p>
        </div>
      </div>
      <UploadFlow documentTypes={c.documentTypes} defaultTtlHours={c.requestTtlHours} maxBytes={c.uploadMaxBytes} />
    </>
  );
}

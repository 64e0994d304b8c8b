import { redirect } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { BatchUpload } from '@/app/_components/batch-upload';
import { hasRole, requireStaff } from '@/app/_components/current-staff';
import { MAX_BATCH_DOCUMENTS } from '@/lib/batches/priority';
import { config } from '@/lib/env';

export const dynamic = 'force-dynamic';
export async function generateMetadata(): Promise<{ title: string }> {
  return { title: (await getTranslations('batches'))('newTitle') };
}

export default async function NewBatchPage() {
  const staff = await requireStaff();
  if (!hasRole(staff, ['uploader'])) redirect('/batches');
  const c = config();
  const t = await getTranslations('batches');
  return (
    <>
      <div className="page-header">
        <div>
          <h1>{t('newTitle')}</h1>
          <p className="subtitle">{t('newSubtitle', { max: MAX_BATCH_DOCUMENTS })}</p>
        </div>
      </div>
      <BatchUpload documentTypes={c.documentTypes} defaultTtlHours={c.requestTtlHours} maxBytes={c.uploadMaxBytes} maxDocuments={MAX_BATCH_DOCUMENTS} />
    </>
  );
}

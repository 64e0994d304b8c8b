import { notFound } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { BatchLive } from '@/app/_components/batch-live';
import { hasRole, requireStaff } from '@/app/_components/current-staff';
import { uuidParam } from '@/lib/api/schemas';
import { getBatch } from '@/lib/batches/get-batch';
import { appContext } from '@/lib/context';
import { isAppError } from '@/lib/errors';

export const dynamic = 'force-dynamic';
export async function generateMetadata(): Promise<{ title: string }> {
  return { title: (await getTranslations('meta'))('batches') };
}

export default async function BatchPage({ params }: { params: Promise<{ id: string }> }) {
  const staff = await requireStaff(['uploader', 'auditor']);
  const { id } = await params;
  if (!uuidParam.safeParse(id).success) notFound();
  const view = await getBatch(await appContext(), id, staff).catch((e: unknown) => {
    if (isAppError(e) && e.code === 'NOT_FOUND') notFound();
    throw e;
  });
  return <BatchLive initial={view} canManage={hasRole(staff, ['uploader'])} />;
}

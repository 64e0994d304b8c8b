import { hasRole, requireStaff } from '@/app/_components/current-staff';
import { notFound } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { RequestLive } from '@/app/_components/request-live';
import { RequestNotes } from '@/app/_components/request-notes';
import { uuidParam } from '@/lib/api/schemas';
import { appContext } from '@/lib/context';
import { isAppError } from '@/lib/errors';
import { listNotes } from '@/lib/notes/list-notes';
import { getSigningRequest } from '@/lib/signing/get-signing-request';

export const dynamic = 'force-dynamic';
export async function generateMetadata(): Promise<{ title: string }> {
  return { title: (await getTranslations('meta'))('request') };
}

export default async function RequestPage({ params }: { params: Promise<{ id: string }> }) {
  const staff = await requireStaff(['uploader', 'auditor']);
  const { id } = await params;
  if (!uuidParam.safeParse(id).success) notFound();
  const ctx = await appContext();
  const view = await getSigningRequest(ctx, id, staff).catch((e: unknown) => {
    if (isAppError(e) && e.code === 'NOT_FOUND') notFound();
    throw e;
  });
  const notes = await listNotes(ctx, id, staff);
  return (
    <RequestLive
      initial={view}
      origin={ctx.config.origin}
      documentTypes={ctx.config.documentTypes}
      canManage={hasRole(staff, ['uploader'])}
      aside={<RequestNotes requestId={view.id} initial={notes.items} />}
    />
  );
}

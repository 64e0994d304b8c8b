import { uuidParam } from '@/lib/api/schemas';
import { certificateRecords } from '@/lib/certificates/list-certificates';
import { appContext } from '@/lib/context';
import { parseParam, route } from '@/lib/http/respond';

export const GET = route<{ id: string }>(
  async (_request, { id }) => ({ items: await certificateRecords(await appContext(), parseParam(id, uuidParam, 'a certificate id')) }),
  { roles: ['admin', 'auditor'], action: 'certificate.records' },
);

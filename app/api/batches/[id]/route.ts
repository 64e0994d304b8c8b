import { uuidParam } from '@/lib/api/schemas';
import { getBatch } from '@/lib/batches/get-batch';
import { appContext } from '@/lib/context';
import { parseParam, route } from '@/lib/http/respond';

export const GET = route<{ id: string }>(
  async (_request, { id }, call) => {
    call.operation.target = { type: 'batch', id: String(id).slice(0, 80) };
    return getBatch(await appContext(), parseParam(id, uuidParam, 'a batch id'), call.actor);
  },
  { roles: ['admin', 'uploader', 'auditor'], action: 'batch.read', readOnly: true },
);

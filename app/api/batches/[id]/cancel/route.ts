import { cancelRequestBody, uuidParam } from '@/lib/api/schemas';
import { cancelBatch } from '@/lib/batches/batch-lifecycle';
import { appContext } from '@/lib/context';
import { parseJson, parseParam, route } from '@/lib/http/respond';

export const POST = route<{ id: string }>(
  async (request, { id }, call) => {
    call.operation.target = { type: 'batch', id: String(id).slice(0, 80) };
    const batchId = parseParam(id, uuidParam, 'a batch id');
    const { reason } = await parseJson(request, cancelRequestBody);
    call.operation.details = { reason: reason.trim().slice(0, 200) };
    return cancelBatch(await appContext(), batchId, reason, call.actor);
  },
  { roles: ['admin', 'uploader'], action: 'batch.cancel' },
);

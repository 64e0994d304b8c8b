import { extendRequestBody, uuidParam } from '@/lib/api/schemas';
import { extendBatch } from '@/lib/batches/batch-lifecycle';
import { appContext } from '@/lib/context';
import { parseJson, parseParam, route } from '@/lib/http/respond';

export const POST = route<{ id: string }>(
  async (request, { id }, call) => {
    call.operation.target = { type: 'batch', id: String(id).slice(0, 80) };
    const batchId = parseParam(id, uuidParam, 'a batch id');
    const { expiresAt } = await parseJson(request, extendRequestBody);
    call.operation.details = { expiresAt };
    return extendBatch(await appContext(), batchId, new Date(expiresAt), call.actor);
  },
  { roles: ['admin', 'uploader'], action: 'batch.extend' },
);

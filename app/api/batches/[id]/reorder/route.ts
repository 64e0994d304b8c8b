import { reorderBatchBody } from '@/lib/api/batch-schemas';
import { uuidParam } from '@/lib/api/schemas';
import { reorderBatch } from '@/lib/batches/reorder-batch';
import { appContext } from '@/lib/context';
import { parseJson, parseParam, route } from '@/lib/http/respond';

export const POST = route<{ id: string }>(
  async (request, { id }, call) => {
    call.operation.target = { type: 'batch', id: String(id).slice(0, 80) };
    const batchId = parseParam(id, uuidParam, 'a batch id');
    const { order } = await parseJson(request, reorderBatchBody);
    return reorderBatch(await appContext(), batchId, order, call.actor);
  },
  { roles: ['admin', 'uploader'], action: 'batch.reorder' },
);

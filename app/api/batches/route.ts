import { createBatchBody, listBatchesQuery } from '@/lib/api/batch-schemas';
import { createBatch } from '@/lib/batches/create-batch';
import { listBatches } from '@/lib/batches/list-batches';
import { appContext } from '@/lib/context';
import { parseJson, parseQuery, route } from '@/lib/http/respond';

export const POST = route(
  async (request, _params, call) => {
    const input = await parseJson(request, createBatchBody);
    call.operation.details = { documents: input.documents.length };
    const created = await createBatch(await appContext(), input, call.actor);
    call.operation.target = { type: 'batch', id: created.batch.id };
    return Response.json(created, { status: 201 });
  },
  { roles: ['admin', 'uploader'], action: 'batch.create' },
);

export const GET = route(async (request, _params, call) => listBatches(await appContext(), parseQuery(request, listBatchesQuery), call.actor), {
  roles: ['admin', 'uploader', 'auditor'],
  action: 'batch.list',
  readOnly: true,
});

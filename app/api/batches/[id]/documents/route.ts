import { batchDocumentsBody } from '@/lib/api/batch-schemas';
import { uuidParam } from '@/lib/api/schemas';
import { addBatchDocuments } from '@/lib/batches/add-batch-documents';
import { appContext } from '@/lib/context';
import { parseJson, parseParam, route } from '@/lib/http/respond';

export const POST = route<{ id: string }>(
  async (request, { id }, call) => {
    call.operation.target = { type: 'batch', id: String(id).slice(0, 80) };
    const batchId = parseParam(id, uuidParam, 'a batch id');
    const input = await parseJson(request, batchDocumentsBody);
    call.operation.details = { documents: input.documents.length };
    return Response.json(await addBatchDocuments(await appContext(), batchId, input, call.actor), { status: 201 });
  },
  { roles: ['admin', 'uploader'], action: 'batch.add' },
);

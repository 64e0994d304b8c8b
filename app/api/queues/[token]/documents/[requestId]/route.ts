import { tokenParam, uuidParam } from '@/lib/api/schemas';
import { readQueueDocument } from '@/lib/batches/get-batch-queue';
import { appContext } from '@/lib/context';
import { documentResponse } from '@/lib/http/document-response';
import { parseParam, route } from '@/lib/http/respond';

export const GET = route<{ token: string; requestId: string }>(
  async (request, { token, requestId }) => {
    const ctx = await appContext();
    return documentResponse(await readQueueDocument(ctx, parseParam(token, tokenParam, 'a batch queue token'), parseParam(requestId, uuidParam, 'a request id')), request);
  },
  { roles: 'signer-token', action: 'batch.queue_document', readOnly: true },
);

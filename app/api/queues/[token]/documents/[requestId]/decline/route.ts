import { declineBody, tokenParam, uuidParam } from '@/lib/api/schemas';
import { declineQueueDocument } from '@/lib/batches/decline-queue-document';
import { appContext } from '@/lib/context';
import { parseJson, parseParam, route } from '@/lib/http/respond';
import { CEREMONY_LIMITS } from '@/lib/rate-limit/route-limits';

export const POST = route<{ token: string; requestId: string }>(
  async (request, { token, requestId }) => {
    const t = parseParam(token, tokenParam, 'a batch queue token');
    const id = parseParam(requestId, uuidParam, 'a request id');
    const { reason } = await parseJson(request, declineBody);
    return declineQueueDocument(await appContext(), t, id, reason ?? null);
  },
  { roles: 'signer-token', action: 'batch.decline', limits: CEREMONY_LIMITS },
);

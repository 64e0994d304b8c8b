import { cancelRequestBody, uuidParam } from '@/lib/api/schemas';
import { appContext } from '@/lib/context';
import { parseJson, parseParam, route } from '@/lib/http/respond';
import { cancelSigningRequest } from '@/lib/signing/request-lifecycle';

export const POST = route<{ id: string }>(
  async (request, { id }, call) => {
    call.operation.target = { type: 'request', id: String(id).slice(0, 80) };
    const requestId = parseParam(id, uuidParam, 'a request id');
    const { reason } = await parseJson(request, cancelRequestBody);
    call.operation.details = { reason: reason.trim().slice(0, 200) };
    return cancelSigningRequest(await appContext(), requestId, reason, call.actor);
  },
  { roles: ['admin', 'uploader'], action: 'request.cancel' },
);

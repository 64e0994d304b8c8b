import { extendRequestBody, uuidParam } from '@/lib/api/schemas';
import { appContext } from '@/lib/context';
import { parseJson, parseParam, route } from '@/lib/http/respond';
import { extendSigningRequest } from '@/lib/signing/request-lifecycle';

export const POST = route<{ id: string }>(
  async (request, { id }, call) => {
    call.operation.target = { type: 'request', id: String(id).slice(0, 80) };
    const requestId = parseParam(id, uuidParam, 'a request id');
    const { expiresAt } = await parseJson(request, extendRequestBody);
    call.operation.details = { expiresAt };
    return extendSigningRequest(await appContext(), requestId, new Date(expiresAt), call.actor);
  },
  { roles: ['admin', 'uploader'], action: 'request.extend' },
);

import { reRequestBody, uuidParam } from '@/lib/api/schemas';
import { appContext } from '@/lib/context';
import { parseJson, parseParam, route } from '@/lib/http/respond';
import { reRequestSigningRequest } from '@/lib/signing/re-request';

export const POST = route<{ id: string }>(
  async (request, { id }, call) => {
    call.operation.target = { type: 'request', id: String(id).slice(0, 80) };
    const requestId = parseParam(id, uuidParam, 'a request id');
    const { expiresInHours } = await parseJson(request, reRequestBody);
    const created = await reRequestSigningRequest(await appContext(), requestId, call.actor, expiresInHours);
    call.operation.details = { newRequestId: created.request.id };
    return Response.json(created, { status: 201 });
  },
  { roles: ['admin', 'uploader'], action: 'request.re_request' },
);

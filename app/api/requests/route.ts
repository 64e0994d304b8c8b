import { createSigningRequestBody, listSigningRequestsQuery } from '@/lib/api/schemas';
import { appContext } from '@/lib/context';
import { route, parseJson, parseQuery } from '@/lib/http/respond';
import { createSigningRequest } from '@/lib/signing/create-signing-request';
import { listSigningRequests } from '@/lib/signing/list-signing-requests';

export const POST = route(
  async (request, _params, call) => {
    const input = await parseJson(request, createSigningRequestBody);
    call.operation.details = { documentId: input.documentId, documentType: input.documentType };
    const created = await createSigningRequest(await appContext(), input, call.actor);
    call.operation.target = { type: 'request', id: created.request.id };
    return Response.json(created, { status: 201 });
  },
  { roles: ['admin', 'uploader'], action: 'request.create' },
);

export const GET = route(async (request, _params, call) => listSigningRequests(await appContext(), parseQuery(request, listSigningRequestsQuery), call.actor), {
  roles: ['admin', 'uploader', 'auditor'],
  action: 'request.list',
  readOnly: true,
});

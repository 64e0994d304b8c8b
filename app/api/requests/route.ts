import { createSigningRequestBody, listSigningRequestsQuery } from '@/lib/api/schemas';
import { appContext } from '@/lib/context';
import { route, parseJson, parseQuery } from '@/lib/http/respond';
import { createSigningRequest } from '@/lib/signing/create-signing-request';
import { listSigningRequests } from '@/lib/signing/list-signing-requests';

export const POST = route(async (request) => {
  const input = await parseJson(request, createSigningRequestBody);
  return Response.json(await createSigningRequest(await appContext(), input), { status: 201 });
}, { roles: ['uploader'], action: 'request.create' });

export const GET = route(async (request) => listSigningRequests(await appContext(), parseQuery(request, listSigningRequestsQuery)), { roles: ['uploader', 'auditor'], action: 'request.list' });

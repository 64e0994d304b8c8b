import { uuidParam } from '@/lib/api/schemas';
import { appContext } from '@/lib/context';
import { parseParam, route } from '@/lib/http/respond';
import { getSigningRequest } from '@/lib/signing/get-signing-request';

export const GET = route<{ id: string }>(
  async (_request, { id }, call) => {
    call.operation.target = { type: 'request', id: String(id).slice(0, 80) };
    return getSigningRequest(await appContext(), parseParam(id, uuidParam, 'a request id'), call.actor);
  },
  { roles: ['admin', 'uploader', 'auditor'], action: 'request.read', readOnly: true },
);

import { uuidParam } from '@/lib/api/schemas';
import { appContext } from '@/lib/context';
import { parseParam, route } from '@/lib/http/respond';
import { getSigningRequest } from '@/lib/signing/get-signing-request';

export const GET = route<{ id: string }>(async (_request, { id }) => getSigningRequest(await appContext(), parseParam(id, uuidParam, 'a request id')), { roles: ['uploader', 'auditor'], action: 'request.read' });

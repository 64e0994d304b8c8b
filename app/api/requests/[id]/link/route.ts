import { uuidParam } from '@/lib/api/schemas';
import { appContext } from '@/lib/context';
import { parseParam, route } from '@/lib/http/respond';
import { reissueSigningLink } from '@/lib/signing/reissue-signing-link';

export const POST = route<{ id: string }>(
  async (_request, { id }, call) => {
    call.operation.target = { type: 'request', id: String(id).slice(0, 80) };
    return reissueSigningLink(await appContext(), parseParam(id, uuidParam, 'a request id'), call.actor);
  },
  { roles: ['admin', 'uploader'], action: 'request.link_reissue' },
);

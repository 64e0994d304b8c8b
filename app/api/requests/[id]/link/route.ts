import { reissueLinkBody, uuidParam } from '@/lib/api/schemas';
import { appContext } from '@/lib/context';
import { parseJson, parseParam, route } from '@/lib/http/respond';
import { reissueSigningLink } from '@/lib/signing/reissue-signing-link';

export const POST = route<{ id: string }>(
  async (request, { id }, call) => {
    call.operation.target = { type: 'request', id: String(id).slice(0, 80) };
    const requestId = parseParam(id, uuidParam, 'a request id');
    // The body is optional: an empty one re-issues the link of the first signer whose turn it is.
    const raw = await request.text();
    const { signerId } = raw.trim() ? await parseJson(new Request(request.url, { method: 'POST', body: raw }), reissueLinkBody) : { signerId: undefined };
    return reissueSigningLink(await appContext(), requestId, call.actor, signerId);
  },
  { roles: ['admin', 'uploader'], action: 'request.link_reissue' },
);

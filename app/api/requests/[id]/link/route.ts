import { uuidParam } from '@/lib/api/schemas';
import { appContext } from '@/lib/context';
import { parseParam, route } from '@/lib/http/respond';
import { reissueSigningLink } from '@/lib/signing/reissue-signing-link';

export const POST = route<{ id: string }>(async (_request, { id }) => reissueSigningLink(await appContext(), parseParam(id, uuidParam, 'a request id')), { roles: ['uploader'], action: 'request.reissue-link' });

import { declineBody, tokenParam } from '@/lib/api/schemas';
import { appContext } from '@/lib/context';
import { parseJson, parseParam, route } from '@/lib/http/respond';
import { declineSigning } from '@/lib/signing/decline-signing';

export const POST = route<{ token: string }>(async (request, { token }) => {
  const t = parseParam(token, tokenParam, 'a signing token');
  const { reason } = await parseJson(request, declineBody);
  return declineSigning(await appContext(), t, reason ?? null);
}, { roles: 'signer-token', action: 'request.decline' });

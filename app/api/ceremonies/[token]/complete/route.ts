import { authenticationResponseBody, tokenParam } from '@/lib/api/schemas';
import { appContext } from '@/lib/context';
import { clientMeta, parseJson, parseParam, route } from '@/lib/http/respond';
import { completeSigning } from '@/lib/signing/complete-signing';

export const POST = route<{ token: string }>(async (request, { token }) => {
  const t = parseParam(token, tokenParam, 'a signing token');
  const { response } = await parseJson(request, authenticationResponseBody);
  return Response.json(await completeSigning(await appContext(), t, response, clientMeta(request)), { status: 201 });
}, { roles: 'signer-token', action: 'request.sign' });

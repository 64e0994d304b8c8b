import { registrationResponseBody, tokenParam } from '@/lib/api/schemas';
import { appContext } from '@/lib/context';
import { parseJson, parseParam, route } from '@/lib/http/respond';
import { finishRegistration } from '@/lib/signing/finish-registration';

export const POST = route<{ token: string }>(async (request, { token }) => {
  const t = parseParam(token, tokenParam, 'a signing token');
  const { response } = await parseJson(request, registrationResponseBody);
  return Response.json(await finishRegistration(await appContext(), t, response), { status: 201 });
}, { roles: 'signer-token', action: 'ceremony.register-passkey' });

import { registrationResponseBody, tokenParam } from '@/lib/api/schemas';
import { appContext } from '@/lib/context';
import { parseJson, parseParam, route } from '@/lib/http/respond';
import { noteSignerCall } from '@/lib/signing/note-signer-call';
import { CEREMONY_LIMITS } from '@/lib/rate-limit/route-limits';
import { finishRegistration } from '@/lib/signing/finish-registration';

export const POST = route<{ token: string }>(
  async (request, { token }, call) => {
    const ctx = await appContext();
    await noteSignerCall(ctx, call.operation, token);
    const t = parseParam(token, tokenParam, 'a signing token');
    const { response } = await parseJson(request, registrationResponseBody);
    return Response.json(await finishRegistration(ctx, t, response), { status: 201 });
  },
  { roles: 'signer-token', action: 'signer.passkey_register', limits: CEREMONY_LIMITS },
);

import { authenticationResponseBody, tokenParam } from '@/lib/api/schemas';
import { appContext } from '@/lib/context';
import { parseJson, parseParam, route } from '@/lib/http/respond';
import { noteSignerCall } from '@/lib/signing/note-signer-call';
import { CEREMONY_LIMITS } from '@/lib/rate-limit/route-limits';
import { signAndSeal } from '@/lib/sealing/sign-and-seal';

export const POST = route<{ token: string }>(
  async (request, { token }, call) => {
    const ctx = await appContext();
    await noteSignerCall(ctx, call.operation, token);
    const t = parseParam(token, tokenParam, 'a signing token');
    const { response } = await parseJson(request, authenticationResponseBody);
    const signed = await signAndSeal(ctx, t, response, call.client);
    call.operation.details = { recordId: signed.recordId };
    return Response.json(signed, { status: 201 });
  },
  { roles: 'signer-token', action: 'request.sign', limits: CEREMONY_LIMITS },
);

import { authenticationResponseBody, tokenParam } from '@/lib/api/schemas';
import { appContext } from '@/lib/context';
import { parseJson, parseParam, route } from '@/lib/http/respond';
import { noteSignerCall } from '@/lib/operations/signer-call';
import { CEREMONY_LIMITS } from '@/lib/rate-limit/route-limits';
import { sealWhenSigned } from '@/lib/sealing/seal-when-signed';
import { completeSigning } from '@/lib/signing/complete-signing';

export const POST = route<{ token: string }>(
  async (request, { token }, call) => {
    const ctx = await appContext();
    await noteSignerCall(ctx, call.operation, token);
    const t = parseParam(token, tokenParam, 'a signing token');
    const { response } = await parseJson(request, authenticationResponseBody);
    const signed = await completeSigning(ctx, t, response, call.client);
    call.operation.details = { recordId: signed.recordId };
    // One signer today, so the request is fully signed now; with several signers, call this when the last one signs.
    sealWhenSigned(ctx, signed.requestId);
    return Response.json(signed, { status: 201 });
  },
  { roles: 'signer-token', action: 'request.sign', limits: CEREMONY_LIMITS },
);

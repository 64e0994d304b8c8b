import { declineBody, tokenParam } from '@/lib/api/schemas';
import { appContext } from '@/lib/context';
import { parseJson, parseParam, route } from '@/lib/http/respond';
import { noteSignerCall } from '@/lib/signing/note-signer-call';
import { CEREMONY_LIMITS } from '@/lib/rate-limit/route-limits';
import { declineSigning } from '@/lib/signing/decline-signing';

export const POST = route<{ token: string }>(
  async (request, { token }, call) => {
    const ctx = await appContext();
    await noteSignerCall(ctx, call.operation, token);
    const t = parseParam(token, tokenParam, 'a signing token');
    const { reason } = await parseJson(request, declineBody);
    return declineSigning(ctx, t, reason ?? null);
  },
  { roles: 'signer-token', action: 'request.decline', limits: CEREMONY_LIMITS },
);

import { tokenParam } from '@/lib/api/schemas';
import { appContext } from '@/lib/context';
import { parseParam, route } from '@/lib/http/respond';
import { noteSignerCall } from '@/lib/signing/note-signer-call';
import { CEREMONY_LIMITS } from '@/lib/rate-limit/route-limits';
import { getCeremony } from '@/lib/signing/get-ceremony';

/** Opening the link moves the request from pending to opened: logged as request.open. */
export const GET = route<{ token: string }>(
  async (_request, { token }, call) => {
    const ctx = await appContext();
    await noteSignerCall(ctx, call.operation, token);
    return getCeremony(ctx, parseParam(token, tokenParam, 'a signing token'));
  },
  { roles: 'signer-token', action: 'request.open', limits: CEREMONY_LIMITS },
);

import { tokenParam } from '@/lib/api/schemas';
import { appContext } from '@/lib/context';
import { CEREMONY_LIMITS } from '@/lib/rate-limit/route-limits';
import { parseParam, route } from '@/lib/http/respond';
import { noteSignerCall } from '@/lib/signing/note-signer-call';
import { beginSigning } from '@/lib/signing/begin-signing';

export const POST = route<{ token: string }>(
  async (_request, { token }, call) => {
    const ctx = await appContext();
    await noteSignerCall(ctx, call.operation, token);
    return beginSigning(ctx, parseParam(token, tokenParam, 'a signing token'));
  },
  { roles: 'signer-token', action: 'request.sign_begin', limits: CEREMONY_LIMITS },
);

import { tokenParam } from '@/lib/api/schemas';
import { appContext } from '@/lib/context';
import { parseParam, route } from '@/lib/http/respond';
import { noteSignerCall } from '@/lib/signing/note-signer-call';
import { CEREMONY_LIMITS } from '@/lib/rate-limit/route-limits';
import { watchCeremony } from '@/lib/signing/watch-ceremony';

export const GET = route<{ token: string }>(
  async (request, { token }, call) => {
    const ctx = await appContext();
    await noteSignerCall(ctx, call.operation, token);
    const stream = await watchCeremony(ctx, parseParam(token, tokenParam, 'a signing token'), request.signal);
    return new Response(stream, {
      headers: { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-store, no-transform', Connection: 'keep-alive', 'X-Accel-Buffering': 'no' },
    });
  },
  { roles: 'signer-token', action: 'request.watch_ceremony', readOnly: true, limits: CEREMONY_LIMITS },
);

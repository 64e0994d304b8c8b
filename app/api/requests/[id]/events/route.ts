import { uuidParam } from '@/lib/api/schemas';
import { appContext } from '@/lib/context';
import { parseParam, route } from '@/lib/http/respond';
import { watchSigningRequest } from '@/lib/signing/watch-signing-request';

export const GET = route<{ id: string }>(async (request, { id }) => {
  const stream = await watchSigningRequest(await appContext(), parseParam(id, uuidParam, 'a request id'), request.signal);
  return new Response(stream, {
    headers: { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-store, no-transform', Connection: 'keep-alive', 'X-Accel-Buffering': 'no' },
  });
}, { roles: ['uploader', 'auditor'], action: 'request.watch' });

import { uuidParam } from '@/lib/api/schemas';
import { appContext } from '@/lib/context';
import { parseParam, route } from '@/lib/http/respond';
import { watchSigningRequest } from '@/lib/signing/watch-signing-request';

export const GET = route<{ id: string }>(async (request, { id }, call) => {
  call.operation.target = { type: 'request', id: String(id).slice(0, 80) };
  const stream = await watchSigningRequest(await appContext(), parseParam(id, uuidParam, 'a request id'), request.signal, call.actor);
  return new Response(stream, {
    headers: { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-store, no-transform', Connection: 'keep-alive', 'X-Accel-Buffering': 'no' },
  });
}, { roles: ['admin', 'uploader', 'auditor'], action: 'request.watch', readOnly: true });

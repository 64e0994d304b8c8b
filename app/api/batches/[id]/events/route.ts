import { uuidParam } from '@/lib/api/schemas';
import { watchBatch } from '@/lib/batches/watch-batch';
import { appContext } from '@/lib/context';
import { parseParam, route } from '@/lib/http/respond';

export const GET = route<{ id: string }>(async (request, { id }, call) => {
  call.operation.target = { type: 'batch', id: String(id).slice(0, 80) };
  const stream = await watchBatch(await appContext(), parseParam(id, uuidParam, 'a batch id'), request.signal, call.actor);
  return new Response(stream, {
    headers: { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-store, no-transform', Connection: 'keep-alive', 'X-Accel-Buffering': 'no' },
  });
}, { roles: ['admin', 'uploader', 'auditor'], action: 'batch.watch', readOnly: true });

import { uuidParam } from '@/lib/api/schemas';
import { getBatchSheet } from '@/lib/batches/get-batch-sheet';
import { appContext } from '@/lib/context';
import { parseParam, route } from '@/lib/http/respond';
import { requestLocale } from '@/lib/http/request-locale';

// POST, not GET: printing issues new links and retires the earlier ones (lib/batches/issue-sheet-links.ts),
// and a GET must be safe (RFC 9110 §9.2.1) so that prefetching or a crawler cannot do that.
export const POST = route<{ id: string }>(
  async (request, { id }, call) => {
    call.operation.target = { type: 'batch', id: String(id).slice(0, 80) };
    const ctx = await appContext();
    const sheet = await getBatchSheet(ctx, parseParam(id, uuidParam, 'a batch id'), await requestLocale(ctx, request, call.actor), call.actor);
    return new Response(Buffer.from(sheet.bytes), {
      headers: { 'Content-Type': 'application/pdf', 'Content-Disposition': `attachment; filename="${sheet.fileName}"`, 'Cache-Control': 'no-store' },
    });
  },
  { roles: ['admin', 'uploader'], action: 'batch.sheet' },
);

import { exportSigningRequestsQuery } from '@/lib/api/schemas';
import { appContext } from '@/lib/context';
import { parseQuery, route } from '@/lib/http/respond';
import { requestLocale } from '@/lib/http/request-locale';
import { exportSigningRequests } from '@/lib/reports/export-signing-requests';

/** Exporting the history is itself logged (request.export), with the format and the filters used. */
export const GET = route(
  async (request, _params, call) => {
    const input = parseQuery(request, exportSigningRequestsQuery);
    const { format, ...filter } = input;
    call.operation.details = { format, filter };
    const ctx = await appContext();
    const out = await exportSigningRequests(ctx, input, await requestLocale(ctx, request, call.actor), call.actor);
    return new Response(out.body, {
      headers: { 'Content-Type': out.contentType, 'Content-Disposition': `attachment; filename="${out.fileName}"`, 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' },
    });
  },
  { roles: ['admin', 'auditor', 'uploader'], action: 'request.export' },
);

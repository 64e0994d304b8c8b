import { appContext } from '@/lib/context';
import { parseQuery, route } from '@/lib/http/respond';
import { exportOperations } from '@/lib/operations/export-operations';
import { exportOperationsQuery } from '@/lib/operations/operations-query';

/** Exporting the log is itself logged (operations.export), with the filters used. */
export const GET = route(
  async (request, _params, call) => {
    const { format, ...filter } = parseQuery(request, exportOperationsQuery);
    call.operation.details = { format, filter };
    const out = exportOperations(await appContext(), filter, format);
    return new Response(out.body, {
      headers: { 'Content-Type': out.contentType, 'Content-Disposition': `attachment; filename="${out.fileName}"`, 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' },
    });
  },
  { roles: ['admin', 'auditor'], action: 'operations.export' },
);

import { getLocale, getTimeZone } from 'next-intl/server';
import { exportSigningRequestsQuery } from '@/lib/api/schemas';
import { appContext } from '@/lib/context';
import { parseQuery, route } from '@/lib/http/respond';
import { resolveLocale } from '@/lib/i18n/negotiate';
import { exportSigningRequests } from '@/lib/reports/export-signing-requests';

/** Exporting the history is itself logged (request.export), with the format and the filters used. */
export const GET = route(
  async (request, _params, call) => {
    const input = parseQuery(request, exportSigningRequestsQuery);
    const { format, ...filter } = input;
    call.operation.details = { format, filter };
    const out = await exportSigningRequests(await appContext(), input, { locale: resolveLocale({ cookie: await getLocale() }), timeZone: await getTimeZone() }, call.actor);
    return new Response(out.body, {
      headers: { 'Content-Type': out.contentType, 'Content-Disposition': `attachment; filename="${out.fileName}"`, 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' },
    });
  },
  { roles: ['admin', 'auditor', 'uploader'], action: 'request.export' },
);

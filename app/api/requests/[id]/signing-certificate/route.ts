import { uuidParam } from '@/lib/api/schemas';
import { appContext } from '@/lib/context';
import { parseParam, route } from '@/lib/http/respond';
import { requestLocale } from '@/lib/http/request-locale';
import { getSigningCertificate } from '@/lib/reports/get-signing-certificate';

export const GET = route<{ id: string }>(
  async (request, { id }, call) => {
    call.operation.target = { type: 'request', id: String(id).slice(0, 80) };
    const ctx = await appContext();
    const certificate = await getSigningCertificate(ctx, parseParam(id, uuidParam, 'a request id'), await requestLocale(ctx, request, call.actor), call.actor);
    return new Response(Buffer.from(certificate.bytes), {
      headers: {
        'Content-Type': 'application/pdf',
        'Content-Disposition': `attachment; filename="${certificate.fileName}"`,
        'Cache-Control': 'no-store',
      },
    });
  },
  { roles: ['admin', 'uploader', 'auditor'], action: 'seal.certificate' },
);

import { uuidParam } from '@/lib/api/schemas';
import { appContext } from '@/lib/context';
import { parseParam, route } from '@/lib/http/respond';
import { getSealedPdf } from '@/lib/sealing/get-sealed-pdf';

export const GET = route<{ id: string }>(
  async (_request, { id }, call) => {
    call.operation.target = { type: 'request', id: String(id).slice(0, 80) };
    const sealed = await getSealedPdf(await appContext(), parseParam(id, uuidParam, 'a request id'), call.actor);
    return new Response(Buffer.from(sealed.bytes), {
      headers: {
        'Content-Type': 'application/pdf',
        'Content-Disposition': `attachment; filename="${sealed.fileName}"`,
        'Cache-Control': 'no-store',
        ETag: `"${sealed.sha256}"`,
      },
    });
  },
  { roles: ['admin', 'uploader', 'auditor'], action: 'seal.download' },
);

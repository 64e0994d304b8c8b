import { exportPkcs12Body } from '@/lib/api/certificate-schemas';
import { exportPkcs12 } from '@/lib/certificates/export-pkcs12';
import { appContext } from '@/lib/context';
import { parseJson, route } from '@/lib/http/respond';

export const POST = route(
  async (request) => {
    const input = await parseJson(request, exportPkcs12Body);
    const { p12 } = await exportPkcs12(await appContext(), input.password ?? '');
    return new Response(Buffer.from(p12), {
      headers: {
        'Content-Type': 'application/x-pkcs12',
        'Content-Disposition': 'attachment; filename="signet-signing-key.p12"',
        'Cache-Control': 'no-store',
      },
    });
  },
  { roles: ['admin'], action: 'certificate.export_pkcs12' },
);

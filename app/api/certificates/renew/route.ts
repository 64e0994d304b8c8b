import { renewCertificateBody } from '@/lib/api/certificate-schemas';
import { renewLocal } from '@/lib/certificates/renew-local';
import { appContext } from '@/lib/context';
import { parseJson, route } from '@/lib/http/respond';

export const POST = route(
  async (request) => {
    const input = await parseJson(request, renewCertificateBody);
    const row = await renewLocal(await appContext(), input);
    return Response.json({ id: row.id, subject: row.subject, serial: row.serial, notBefore: row.notBefore, notAfter: row.notAfter }, { status: 201 });
  },
  { roles: ['admin'], action: 'certificate.renew' },
);

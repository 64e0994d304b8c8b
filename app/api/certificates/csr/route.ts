import { createCertificateRequest } from '@/lib/certificates/import-certificate';
import { appContext } from '@/lib/context';
import { route } from '@/lib/http/respond';

export const POST = route(async () => Response.json(await createCertificateRequest(await appContext()), { status: 201 }), {
  roles: ['admin'],
  action: 'certificate.csr',
});

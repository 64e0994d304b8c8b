import { certificateOwnerBody } from '@/lib/api/webhook-schemas';
import { appContext } from '@/lib/context';
import { parseJson, route } from '@/lib/http/respond';
import { addCertificateOwner, listCertificateOwners } from '@/lib/notifications/certificate-owners';

export const GET = route(async () => ({ owners: await listCertificateOwners(await appContext()) }), { roles: ['auditor'], action: 'certificate_owner.list', readOnly: true });

export const POST = route(async (request) => Response.json(await addCertificateOwner(await appContext(), await parseJson(request, certificateOwnerBody)), { status: 201 }), {
  roles: ['admin'],
  action: 'certificate_owner.add',
});

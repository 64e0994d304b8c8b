import { listCertificates } from '@/lib/certificates/list-certificates';
import { appContext } from '@/lib/context';
import { route } from '@/lib/http/respond';

export const GET = route(async () => listCertificates(await appContext()), { roles: ['admin', 'auditor'], action: 'certificate.list' });

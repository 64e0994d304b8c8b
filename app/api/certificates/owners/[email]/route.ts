import { appContext } from '@/lib/context';
import { route } from '@/lib/http/respond';
import { removeCertificateOwner } from '@/lib/notifications/certificate-owners';

export const DELETE = route<{ email: string }>(async (_request, { email }) => removeCertificateOwner(await appContext(), decodeURIComponent(email)), {
  roles: ['admin'],
  action: 'certificate_owner.remove',
});

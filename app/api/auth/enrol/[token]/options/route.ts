import { linkTokenParam } from '@/lib/api/auth-schemas';
import { beginEnrolment } from '@/lib/auth/enrol';
import { appContext } from '@/lib/context';
import { parseParam, route } from '@/lib/http/respond';

export const POST = route<{ token: string }>(async (_request, { token }) => beginEnrolment(await appContext(), parseInvite(token)), {
  roles: 'public',
  action: 'staff.enrol.begin',
});

function parseInvite(token: string): string {
  return parseParam(token, linkTokenParam, 'a setup or invite link token');
}

import { linkTokenParam } from '@/lib/api/auth-schemas';
import { beginEnrolment } from '@/lib/auth/enrol';
import { appContext } from '@/lib/context';
import { parseParam, route } from '@/lib/http/respond';
import { SIGN_IN_LIMITS } from '@/lib/rate-limit/route-limits';

export const POST = route<{ token: string }>(async (_request, { token }) => beginEnrolment(await appContext(), parseInvite(token)), {
  roles: 'public',
  action: 'staff.enrol_begin',
  limits: SIGN_IN_LIMITS,
});

function parseInvite(token: string): string {
  return parseParam(token, linkTokenParam, 'a setup or invite link token');
}

import { enrolOptionsBody, linkTokenParam } from '@/lib/api/auth-schemas';
import { beginEnrolment } from '@/lib/auth/enrol';
import { appContext } from '@/lib/context';
import { parseJson, parseParam, route } from '@/lib/http/respond';
import { SIGN_IN_LIMITS } from '@/lib/rate-limit/route-limits';

export const POST = route<{ token: string }>(
  async (request, { token }) => {
    const t = parseInvite(token);
    // The body is optional: older clients post none.
    const choice = request.headers.get('content-length') === '0' || !request.body ? {} : await parseJson(request, enrolOptionsBody);
    return beginEnrolment(await appContext(), t, choice);
  },
  { roles: 'public', action: 'staff.enrol_begin', limits: SIGN_IN_LIMITS },
);

function parseInvite(token: string): string {
  return parseParam(token, linkTokenParam, 'a setup or invite link token');
}

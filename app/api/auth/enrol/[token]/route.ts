import { enrolBody, linkTokenParam } from '@/lib/api/auth-schemas';
import { finishEnrolment } from '@/lib/auth/enrol';
import { withSessionCookies } from '@/lib/auth/session-cookie-names';
import { appContext } from '@/lib/context';
import { clientMeta, parseJson, parseParam, route } from '@/lib/http/respond';
import { SIGN_IN_LIMITS } from '@/lib/rate-limit/route-limits';

export const POST = route<{ token: string }>(
  async (request, { token }) => {
    const t = parseParam(token, linkTokenParam, 'a setup or invite link token');
    const { response, label, name } = await parseJson(request, enrolBody);
    const ctx = await appContext();
    const { user, session } = await finishEnrolment(ctx, t, response, { ...clientMeta(request), label, name });
    return withSessionCookies({ user, expiresAt: session.expiresAt.toISOString() }, ctx.config, session, ctx.clock.now(), 201);
  },
  { roles: 'public', action: 'staff.enrol', limits: SIGN_IN_LIMITS },
);

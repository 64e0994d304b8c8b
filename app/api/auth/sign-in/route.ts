import { signInBody } from '@/lib/api/auth-schemas';
import { withSessionCookies } from '@/lib/auth/session-cookie-names';
import { finishSignIn } from '@/lib/auth/sign-in';
import { appContext } from '@/lib/context';
import { clientMeta, parseJson, route } from '@/lib/http/respond';
import { SIGN_IN_LIMITS } from '@/lib/rate-limit/route-limits';

export const POST = route(
  async (request) => {
    const { response } = await parseJson(request, signInBody);
    const ctx = await appContext();
    const { user, session } = await finishSignIn(ctx, response, clientMeta(request));
    return withSessionCookies({ user, expiresAt: session.expiresAt.toISOString() }, ctx.config, session, ctx.clock.now());
  },
  { roles: 'public', action: 'staff.sign_in', limits: SIGN_IN_LIMITS },
);

import { ROLES } from '@/lib/auth/actor';
import { withClearedCookies } from '@/lib/auth/session-cookie-names';
import { revokeSession } from '@/lib/auth/sessions';
import { appContext } from '@/lib/context';
import { route } from '@/lib/http/respond';

export const POST = route(
  async (_request, _params, { actor }) => {
    const ctx = await appContext();
    if (actor.kind === 'staff') await revokeSession(ctx, actor.sessionId);
    return withClearedCookies({ signedOut: true }, ctx.config);
  },
  { roles: ROLES, action: 'staff.sign_out' },
);

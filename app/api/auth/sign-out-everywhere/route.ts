import { ROLES } from '@/lib/auth/actor';
import { withClearedCookies } from '@/lib/auth/session-cookie-names';
import { revokeAllSessions } from '@/lib/auth/sessions';
import { appContext } from '@/lib/context';
import { AppError } from '@/lib/errors';
import { route } from '@/lib/http/respond';

export const POST = route(
  async (_request, _params, { actor }) => {
    if (actor.kind !== 'staff') throw new AppError('FORBIDDEN', 'expected a signed-in staff session; API keys have no sessions to end');
    const ctx = await appContext();
    return withClearedCookies(await revokeAllSessions(ctx, actor.id), ctx.config);
  },
  { roles: ROLES, action: 'staff.sign_out_everywhere' },
);

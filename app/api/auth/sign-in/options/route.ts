import { beginSignIn } from '@/lib/auth/sign-in';
import { appContext } from '@/lib/context';
import { route } from '@/lib/http/respond';
import { SIGN_IN_LIMITS } from '@/lib/rate-limit/route-limits';

export const POST = route(async () => beginSignIn(await appContext()), { roles: 'public', action: 'staff.sign_in_begin', limits: SIGN_IN_LIMITS });

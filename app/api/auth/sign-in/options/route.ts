import { beginSignIn } from '@/lib/auth/sign-in';
import { appContext } from '@/lib/context';
import { route } from '@/lib/http/respond';

export const POST = route(async () => beginSignIn(await appContext()), { roles: 'public', action: 'staff.sign-in.begin' });

import { ROLES } from '@/lib/auth/actor';
import { getAccount } from '@/lib/auth/account';
import { appContext } from '@/lib/context';
import { route } from '@/lib/http/respond';

export const GET = route(async (_request, _params, { actor }) => getAccount(await appContext(), actor), { roles: ROLES, action: 'account.read', readOnly: true });

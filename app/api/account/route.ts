import { updateAccountBody } from '@/lib/api/auth-schemas';
import { ROLES } from '@/lib/auth/actor';
import { getAccount, staffId } from '@/lib/auth/account';
import { updateAccountSettings } from '@/lib/auth/preferences';
import { appContext } from '@/lib/context';
import { parseJson, route } from '@/lib/http/respond';

export const GET = route(async (_request, _params, { actor }) => getAccount(await appContext(), actor), { roles: ROLES, action: 'account.read', readOnly: true });

export const PATCH = route(
  async (request, _params, { actor }) => {
    const userId = staffId(actor);
    return updateAccountSettings(await appContext(), userId, await parseJson(request, updateAccountBody));
  },
  { roles: ROLES, action: 'account.update' },
);

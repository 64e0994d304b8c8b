import { updateStaffUserBody } from '@/lib/api/auth-schemas';
import { uuidParam } from '@/lib/api/schemas';
import { updateStaffUser } from '@/lib/auth/users';
import { appContext } from '@/lib/context';
import { parseJson, parseParam, route } from '@/lib/http/respond';

export const PATCH = route<{ id: string }>(
  async (request, { id }) => updateStaffUser(await appContext(), parseParam(id, uuidParam, 'a staff account id'), await parseJson(request, updateStaffUserBody)),
  { roles: ['admin'], action: 'user.update' },
);

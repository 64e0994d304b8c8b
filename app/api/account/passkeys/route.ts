import { addPasskeyBody } from '@/lib/api/auth-schemas';
import { ROLES } from '@/lib/auth/actor';
import { staffId } from '@/lib/auth/account';
import { finishAddPasskey } from '@/lib/auth/passkeys';
import { appContext } from '@/lib/context';
import { parseJson, route } from '@/lib/http/respond';

export const POST = route(
  async (request, _params, { actor }) => {
    const userId = staffId(actor);
    const { response, label } = await parseJson(request, addPasskeyBody);
    return Response.json(await finishAddPasskey(await appContext(), userId, response, label), { status: 201 });
  },
  { roles: ROLES, action: 'passkey.add' },
);

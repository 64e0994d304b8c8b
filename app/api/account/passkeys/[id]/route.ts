import { passkeyIdParam } from '@/lib/api/auth-schemas';
import { ROLES } from '@/lib/auth/actor';
import { staffId } from '@/lib/auth/account';
import { removePasskey } from '@/lib/auth/passkeys';
import { appContext } from '@/lib/context';
import { parseParam, route } from '@/lib/http/respond';

export const DELETE = route<{ id: string }>(
  async (_request, { id }, { actor }) => removePasskey(await appContext(), staffId(actor), parseParam(id, passkeyIdParam, 'a passkey id')),
  { roles: ROLES, action: 'passkey.remove' },
);

import { uuidParam } from '@/lib/api/schemas';
import { revokeApiKey } from '@/lib/auth/api-keys';
import { appContext } from '@/lib/context';
import { parseParam, route } from '@/lib/http/respond';

export const DELETE = route<{ id: string }>(async (_request, { id }) => revokeApiKey(await appContext(), parseParam(id, uuidParam, 'an API key id')), {
  roles: ['admin'],
  action: 'api_key.revoke',
});

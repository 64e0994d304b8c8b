import { createApiKeyBody } from '@/lib/api/auth-schemas';
import { createApiKey, listApiKeys } from '@/lib/auth/api-keys';
import { appContext } from '@/lib/context';
import { parseJson, route } from '@/lib/http/respond';

export const GET = route(async () => ({ apiKeys: await listApiKeys(await appContext()) }), { roles: ['admin'], action: 'api_key.list', readOnly: true });

export const POST = route(
  async (request, _params, { actor }) => {
    const { name, roles, expiresAt } = await parseJson(request, createApiKeyBody);
    const createdBy = actor.kind === 'staff' || actor.kind === 'api_key' ? actor.id : null;
    const key = await createApiKey(await appContext(), { name, roles, expiresAt: expiresAt ? new Date(expiresAt) : null, createdBy });
    return Response.json(key, { status: 201 });
  },
  { roles: ['admin'], action: 'api_key.create' },
);

import { updateOrganizationBody } from '@/lib/api/auth-schemas';
import { appContext } from '@/lib/context';
import { parseJson, route } from '@/lib/http/respond';
import { getOrganization, updateOrganization } from '@/lib/organization/organization-name';

export const GET = route(async () => getOrganization(await appContext()), { roles: ['admin'], action: 'organization.read', readOnly: true });

export const PUT = route(async (request, _params, call) => updateOrganization(await appContext(), call.actor, await parseJson(request, updateOrganizationBody)), {
  roles: ['admin'],
  action: 'organization.update',
});

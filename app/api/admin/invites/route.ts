import { createInviteBody } from '@/lib/api/auth-schemas';
import { createInvite, listInvites } from '@/lib/auth/invites';
import { appContext } from '@/lib/context';
import { parseJson, route } from '@/lib/http/respond';

export const GET = route(async () => ({ invites: await listInvites(await appContext()) }), { roles: ['admin'], action: 'invite.list', readOnly: true });

export const POST = route(
  async (request, _params, { actor }) => {
    const input = await parseJson(request, createInviteBody);
    const createdBy = actor.kind === 'staff' || actor.kind === 'api_key' ? actor.id : null;
    return Response.json(await createInvite(await appContext(), { kind: 'invite', ...input, createdBy }), { status: 201 });
  },
  { roles: ['admin'], action: 'invite.create' },
);

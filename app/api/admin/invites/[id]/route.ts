import { uuidParam } from '@/lib/api/schemas';
import { withdrawInvite } from '@/lib/auth/invites';
import { appContext } from '@/lib/context';
import { parseParam, route } from '@/lib/http/respond';

export const DELETE = route<{ id: string }>(
  async (_request, { id }) => {
    const inviteId = parseParam(id, uuidParam, 'an invite id');
    await withdrawInvite(await appContext(), inviteId);
    return { withdrawn: inviteId };
  },
  { roles: ['admin'], action: 'invite.withdraw' },
);

import { notifyEmailBody } from '@/lib/api/webhook-schemas';
import { ROLES, type Actor } from '@/lib/auth/actor';
import { appContext } from '@/lib/context';
import { AppError } from '@/lib/errors';
import { parseJson, route } from '@/lib/http/respond';
import { getNotifyAddress, setNotifyAddress, type NotifyOwner } from '@/lib/notifications/notify-address';

function owner(actor: Actor): NotifyOwner {
  if (actor.kind === 'staff' || actor.kind === 'api_key') return { kind: actor.kind, id: actor.id };
  throw new AppError('UNAUTHENTICATED', 'expected a staff session or an API key');
}

export const GET = route(async (_request, _params, { actor }) => ({ email: await getNotifyAddress(await appContext(), owner(actor)) }), { roles: ROLES, action: 'notify_email.read', readOnly: true });

export const PUT = route(
  async (request, _params, { actor }) => {
    const { email, locale } = await parseJson(request, notifyEmailBody);
    return { email: await setNotifyAddress(await appContext(), owner(actor), email, locale ?? null) };
  },
  { roles: ROLES, action: 'notify_email.update' },
);

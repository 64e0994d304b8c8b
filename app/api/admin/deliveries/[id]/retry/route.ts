import { deliveryIdParam } from '@/lib/api/webhook-schemas';
import { appContext } from '@/lib/context';
import { parseParam, route } from '@/lib/http/respond';
import { retryDelivery } from '@/lib/notifications/webhooks';

export const POST = route<{ id: string }>(async (_request, { id }) => retryDelivery(await appContext(), parseParam(id, deliveryIdParam, 'a delivery id')), {
  roles: ['admin'],
  action: 'webhook.retry',
});

import { uuidParam } from '@/lib/api/schemas';
import { appContext } from '@/lib/context';
import { parseParam, route } from '@/lib/http/respond';
import { listWebhookDeliveries } from '@/lib/notifications/webhooks';

export const GET = route<{ id: string }>(
  async (_request, { id }) => ({ deliveries: await listWebhookDeliveries(await appContext(), parseParam(id, uuidParam, 'a webhook endpoint id')) }),
  { roles: ['admin'], action: 'webhook.deliveries', readOnly: true },
);

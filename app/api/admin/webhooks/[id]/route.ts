import { uuidParam } from '@/lib/api/schemas';
import { updateWebhookBody } from '@/lib/api/webhook-schemas';
import { appContext } from '@/lib/context';
import { parseJson, parseParam, route } from '@/lib/http/respond';
import { deleteWebhook, updateWebhook } from '@/lib/notifications/webhooks';

export const PATCH = route<{ id: string }>(
  async (request, { id }) => updateWebhook(await appContext(), parseParam(id, uuidParam, 'a webhook endpoint id'), await parseJson(request, updateWebhookBody)),
  { roles: ['admin'], action: 'webhook.update' },
);

export const DELETE = route<{ id: string }>(async (_request, { id }) => deleteWebhook(await appContext(), parseParam(id, uuidParam, 'a webhook endpoint id')), {
  roles: ['admin'],
  action: 'webhook.delete',
});

import { createWebhookBody } from '@/lib/api/webhook-schemas';
import { appContext } from '@/lib/context';
import { parseJson, route } from '@/lib/http/respond';
import { createWebhook, listWebhooks } from '@/lib/notifications/webhooks';

export const GET = route(async () => ({ webhooks: await listWebhooks(await appContext()) }), { roles: ['admin'], action: 'webhook.list', readOnly: true });

export const POST = route(
  async (request) => Response.json(await createWebhook(await appContext(), await parseJson(request, createWebhookBody)), { status: 201 }),
  { roles: ['admin'], action: 'webhook.create' },
);

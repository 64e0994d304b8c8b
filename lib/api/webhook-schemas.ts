import { z } from 'zod';
import { LOCALES } from '../i18n/locales';
import { WEBHOOK_EVENTS } from '../notifications/events';

/** Input shapes of the webhook admin routes. Unknown events are refused by lib (WEBHOOK_EVENT_UNKNOWN). */
export const deliveryIdParam = z.string().regex(/^(msg_)?[0-9a-f-]{36}$/);

const fields = {
  url: z.string().trim().min(1).max(2000),
  description: z.string().max(200),
  events: z.array(z.string().max(64)).max(WEBHOOK_EVENTS.length * 2),
  enabled: z.boolean(),
};

export const createWebhookBody = z.object({ url: fields.url, description: fields.description.optional(), events: fields.events.optional(), enabled: fields.enabled.optional() }).strict();
export const updateWebhookBody = z
  .object({ url: fields.url.optional(), description: fields.description.optional(), events: fields.events.optional(), enabled: fields.enabled.optional() })
  .strict()
  .refine((b) => Object.keys(b).length > 0, { message: 'expected at least one of url, description, events, enabled' });

/** PUT /api/account/notify-email: where "signed" / "declined" / "expired" go for the caller; null removes it. */
export const notifyEmailBody = z.object({ email: z.string().max(254).nullable(), locale: z.enum(LOCALES).optional() }).strict();

/** POST /api/certificates/owners: a person responsible for the organisation certificate. */
export const certificateOwnerBody = z.object({ email: z.string().max(254), name: z.string().max(120) }).strict();

/**
 * The events Signet announces. Webhook payloads follow Standard Webhooks
 * (https://www.standardwebhooks.com): `{ "type", "timestamp", "data" }`.
 */
export const WEBHOOK_EVENTS = [
  'request.created',
  'request.opened',
  'request.signed',
  'request.declined',
  'request.expired',
  'request.cancelled',
  'certificate.reminder',
  'certificate.renewed',
  'certificate.revoked',
] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

export function isWebhookEvent(value: unknown): value is WebhookEvent {
  return typeof value === 'string' && (WEBHOOK_EVENTS as readonly string[]).includes(value);
}

/** What an outbox row's delivery turned out to be. */
export type DeliveryOutcome =
  | { ok: true; detail: string }
  /** permanent: retrying cannot help (HTTP 4xx, SMTP 5xx); disable: the endpoint asked to be removed (HTTP 410). */
  | { ok: false; detail: string; permanent: boolean; disable?: boolean };

import { z } from 'zod';
import { ERROR_CATALOGUE } from '../errors';
import { WEBHOOK_EVENTS } from '../notifications/events';
import { certificateOwnerBody, createWebhookBody, notifyEmailBody, updateWebhookBody } from './webhook-schemas';

type Json = Record<string, unknown>;
const errors = (...codes: (keyof typeof ERROR_CATALOGUE)[]): Json =>
  Object.fromEntries(codes.map((c) => [String(ERROR_CATALOGUE[c].status), { description: codes.filter((d) => ERROR_CATALOGUE[d].status === ERROR_CATALOGUE[c].status).join(', '), content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } }]));
const toSchema = (s: z.ZodType): Json => z.toJSONSchema(s, { target: 'draft-2020-12', io: 'input' }) as Json;
const json = (schema: Json): Json => ({ 'application/json': { schema } });
const idParam: Json = { name: 'id', in: 'path', required: true, description: 'Webhook endpoint id', schema: { type: 'string', format: 'uuid' } };
const dt = { type: 'string', format: 'date-time' };
const nullable = (s: Json): Json => ({ oneOf: [s, { type: 'null' }] });

const endpoint: Json = {
  type: 'object',
  properties: {
    id: { type: 'string', format: 'uuid' },
    url: { type: 'string' },
    description: { type: 'string' },
    events: { type: 'array', items: { type: 'string', enum: [...WEBHOOK_EVENTS] }, description: 'Empty: every event.' },
    enabled: { type: 'boolean' },
    disabledReason: { ...nullable({ type: 'string' }), description: 'Set when the server disabled it (the endpoint answered 410 Gone).' },
    createdAt: dt,
    updatedAt: dt,
  },
};
const delivery: Json = {
  type: 'object',
  properties: {
    id: { type: 'string', description: 'Stable across retries: the webhook-id header.' },
    event: { type: 'string' },
    status: { type: 'string', enum: ['pending', 'delivered', 'failed'] },
    attempts: { type: 'integer' },
    lastDetail: nullable({ type: 'string' }),
    nextAttemptAt: nullable(dt),
    createdAt: dt,
    deliveredAt: nullable(dt),
    log: { type: 'array', items: { type: 'object', properties: { attempt: { type: 'integer' }, startedAt: dt, latencyMs: { type: 'integer' }, ok: { type: 'boolean' }, detail: { type: 'string', description: 'HTTP status, or the network error.' } } } },
  },
};

const owner: Json = { type: 'object', properties: { email: { type: 'string' }, name: { type: 'string' }, createdAt: dt } };

/**
 * Webhook endpoints. Deliveries are signed per Standard Webhooks (webhook-id, webhook-timestamp,
 * webhook-signature v1) with the endpoint's whsec_ secret; the body is { type, timestamp, data }.
 */
export function webhookPaths(): Json {
  return {
    '/api/admin/webhooks': {
      get: { operationId: 'listWebhooks', summary: 'Registered webhook endpoints (secrets are never shown again).', responses: { '200': { description: 'Endpoints', content: json({ type: 'object', properties: { webhooks: { type: 'array', items: endpoint } } }) } } },
      post: {
        operationId: 'createWebhook',
        summary: `Registers an endpoint. Events: ${WEBHOOK_EVENTS.join(', ')} (none listed: all). The response carries the whsec_ secret, once. Loopback and private addresses are refused unless WEBHOOK_ALLOW_PRIVATE=true.`,
        requestBody: { required: true, content: json(toSchema(createWebhookBody)) },
        responses: { '201': { description: 'The endpoint with its secret', content: json({ allOf: [endpoint, { type: 'object', properties: { secret: { type: 'string', pattern: '^whsec_' } } }] }) }, ...errors('VALIDATION_FAILED', 'WEBHOOK_URL_REFUSED', 'WEBHOOK_EVENT_UNKNOWN') },
      },
    },
    '/api/admin/webhooks/{id}': {
      patch: {
        operationId: 'updateWebhook',
        summary: 'Changes the URL, description, event filter or enabled flag (enabling clears disabledReason).',
        parameters: [idParam],
        requestBody: { required: true, content: json(toSchema(updateWebhookBody)) },
        responses: { '200': { description: 'The endpoint', content: json(endpoint) }, ...errors('VALIDATION_FAILED', 'WEBHOOK_URL_REFUSED', 'WEBHOOK_EVENT_UNKNOWN', 'NOT_FOUND') },
      },
      delete: {
        operationId: 'deleteWebhook',
        summary: 'Removes the endpoint, its pending deliveries and its delivery log.',
        parameters: [idParam],
        responses: { '200': { description: 'Deleted', content: json({ type: 'object', properties: { deleted: { const: true } } }) }, ...errors('VALIDATION_FAILED', 'NOT_FOUND') },
      },
    },
    '/api/admin/webhooks/{id}/deliveries': {
      get: {
        operationId: 'listWebhookDeliveries',
        summary: 'The endpoint\'s 50 latest deliveries, newest first, each with every attempt (status code, latency) and the next try.',
        parameters: [idParam],
        responses: { '200': { description: 'Deliveries', content: json({ type: 'object', properties: { deliveries: { type: 'array', items: delivery } } }) }, ...errors('VALIDATION_FAILED', 'NOT_FOUND') },
      },
    },
    '/api/account/notify-email': {
      get: { operationId: 'getNotifyEmail', summary: 'Where your notifications ("signed", "declined", "expired" for requests you created) are e-mailed; null: nowhere.', responses: { '200': { description: 'The address', content: json({ type: 'object', properties: { email: nullable({ type: 'string' }) } }) } } },
      put: {
        operationId: 'setNotifyEmail',
        summary: 'Sets (or with null removes) your notification address, and optionally the language (zh-CN, en) its e-mails are written in (a staff language setting wins). An API key sets its own: the requests it creates notify that address.',
        requestBody: { required: true, content: json(toSchema(notifyEmailBody)) },
        responses: { '200': { description: 'The address, lower-cased', content: json({ type: 'object', properties: { email: nullable({ type: 'string' }) } }) }, ...errors('VALIDATION_FAILED', 'EMAIL_INVALID') },
      },
    },
    '/api/certificates/owners': {
      get: { operationId: 'listCertificateOwners', summary: 'People responsible for the organisation certificate; each gets the certificate reminders by e-mail.', responses: { '200': { description: 'Owners', content: json({ type: 'object', properties: { owners: { type: 'array', items: owner } } }) } } },
      post: {
        operationId: 'addCertificateOwner',
        summary: 'Adds a responsible person (or renames one, by e-mail address).',
        requestBody: { required: true, content: json(toSchema(certificateOwnerBody)) },
        responses: { '201': { description: 'The owner', content: json(owner) }, ...errors('VALIDATION_FAILED', 'EMAIL_INVALID') },
      },
    },
    '/api/certificates/owners/{email}': {
      delete: {
        operationId: 'removeCertificateOwner',
        summary: 'Removes a responsible person.',
        parameters: [{ name: 'email', in: 'path', required: true, description: 'Their e-mail address', schema: { type: 'string' } }],
        responses: { '200': { description: 'Removed', content: json({ type: 'object', properties: { removed: { const: true } } }) }, ...errors('NOT_FOUND') },
      },
    },
    '/api/admin/deliveries/{id}/retry': {
      post: {
        operationId: 'retryWebhookDelivery',
        summary: 'Queues a failed delivery (webhook or e-mail) again, due now, with the same id.',
        parameters: [{ name: 'id', in: 'path', required: true, description: 'Delivery id', schema: { type: 'string' } }],
        responses: { '200': { description: 'Queued', content: json({ type: 'object', properties: { id: { type: 'string' }, status: { const: 'pending' } } }) }, ...errors('VALIDATION_FAILED', 'NOT_FOUND', 'DELIVERY_NOT_RETRYABLE') },
      },
    },
  };
}

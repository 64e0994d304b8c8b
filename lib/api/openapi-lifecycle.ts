import { z } from 'zod';
import { ERROR_CATALOGUE } from '../errors';
import { cancelRequestBody, extendRequestBody, reRequestBody } from './schemas';

type Json = Record<string, unknown>;

function errors(...codes: (keyof typeof ERROR_CATALOGUE)[]): Json {
  const byStatus = new Map<number, string[]>();
  for (const code of codes) byStatus.set(ERROR_CATALOGUE[code].status, [...(byStatus.get(ERROR_CATALOGUE[code].status) ?? []), code]);
  return Object.fromEntries([...byStatus].map(([status, list]) => [String(status), { description: list.join(', '), content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } }]));
}
const body = (s: z.ZodType): Json => ({ required: true, content: { 'application/json': { schema: z.toJSONSchema(s, { target: 'draft-2020-12', io: 'input' }) } } });
const idParam: Json = { name: 'id', in: 'path', required: true, description: 'Request id', schema: { type: 'string', format: 'uuid' } };
const view = (description: string, status = '200'): Json => ({ [status]: { description, content: { 'application/json': { schema: { $ref: '#/components/schemas/SigningRequest' } } } } });
const token: Json = { name: 'token', in: 'path', required: true, description: 'The signing token from the QR link.', schema: { type: 'string', pattern: '^[A-Za-z0-9_-]{16,64}$' } };
const LIVE_ERRORS = ['NOT_FOUND', 'REQUEST_ALREADY_SIGNED', 'REQUEST_DECLINED', 'REQUEST_EXPIRED', 'REQUEST_CANCELLED'] as const;

/** Staff verbs on a request's lifecycle (docs/multi-signer.md), and the phone's live view. */
export function lifecyclePaths(): Json {
  return {
    '/api/requests/{id}/cancel': {
      post: {
        operationId: 'cancelSigningRequest',
        summary: 'Cancel a live request, with a reason (1–1000 characters). Every signer\'s link stops working at once: the phone answers 410 REQUEST_CANCELLED, live.',
        parameters: [idParam],
        requestBody: body(cancelRequestBody),
        responses: { ...view('The cancelled request'), ...errors('VALIDATION_FAILED', 'MALFORMED_JSON', ...LIVE_ERRORS) },
      },
    },
    '/api/requests/{id}/extend': {
      post: {
        operationId: 'extendSigningRequest',
        summary: 'Move a live request\'s expiry later: after the current one, in the future, and at most 30 days from now (EXPIRY_OUT_OF_RANGE otherwise).',
        parameters: [idParam],
        requestBody: body(extendRequestBody),
        responses: { ...view('The request with its new expiry'), ...errors('EXPIRY_OUT_OF_RANGE', 'VALIDATION_FAILED', 'MALFORMED_JSON', ...LIVE_ERRORS) },
      },
    },
    '/api/requests/{id}/re-request': {
      post: {
        operationId: 'reRequestSigningRequest',
        summary: 'Ask again after a decline, expiry or cancellation: a new request with the same document, title and signers (same steps), whose previousRequestId is this one. New links for everyone.',
        parameters: [idParam],
        requestBody: { ...body(reRequestBody), required: false },
        responses: {
          '201': { description: 'The new request and its signers\' links (tokens shown once)', content: { 'application/json': { schema: { $ref: '#/components/schemas/CreatedSigningRequest' } } } },
          ...errors('REQUEST_STILL_LIVE', 'NOT_FOUND', 'VALIDATION_FAILED'),
        },
      },
    },
    '/api/ceremonies/{token}/receipt': {
      get: {
        operationId: 'getSignerReceipt',
        summary: 'After signing, the signer\'s own human-readable receipt (text/plain, in the page\'s language): title, document fingerprint, signers so far, time, ledger entry and leaf hash. REQUEST_NOT_SIGNABLE before this signer has signed.',
        parameters: [token],
        responses: { '200': { description: 'The receipt', content: { 'text/plain': { schema: { type: 'string' } } } }, ...errors('TOKEN_UNKNOWN', 'REQUEST_NOT_SIGNABLE') },
      },
    },
    '/api/ceremonies/{token}/evidence': {
      get: {
        operationId: 'getSignerEvidence',
        summary: 'After signing, the signet.evidence/v1 bundle of this signer\'s own signature (it verifies on its own with `npm run verify`). REQUEST_NOT_SIGNABLE before this signer has signed.',
        parameters: [token],
        responses: { '200': { description: 'Evidence bundle', content: { 'application/json': { schema: { $ref: '#/components/schemas/Evidence' } } } }, ...errors('TOKEN_UNKNOWN', 'REQUEST_NOT_SIGNABLE') },
      },
    },
    '/api/ceremonies/{token}/events': {
      get: {
        operationId: 'streamCeremony',
        summary:
          'Server-Sent Events for the phone: `event: ceremony` with the Ceremony JSON at once and on every change (an earlier signer signed, so `waitingFor` shrinks); `event: problem` with `{"code"}` when the link stops working (REQUEST_CANCELLED, REQUEST_EXPIRED, TOKEN_UNKNOWN), then the stream ends.',
        parameters: [token],
        responses: { '200': { description: 'text/event-stream', content: { 'text/event-stream': { schema: { type: 'string' } } } }, ...errors('TOKEN_UNKNOWN') },
      },
    },
  };
}

const str = { type: 'string' };
const dt = { type: 'string', format: 'date-time' };
const nullable = (s: Json): Json => ({ oneOf: [s, { type: 'null' }] });
const signerStatus = { type: 'string', enum: ['pending', 'opened', 'signed', 'declined'] };

/** The members a request with several signers adds to SigningRequest. */
export const requestSignerMembers: Json = {
  cancelledAt: nullable(dt),
  cancelReason: nullable(str),
  previousRequestId: nullable({ type: 'string', description: 'The declined, expired or cancelled request this one re-requests.' }),
  currentStep: nullable({ type: 'integer', description: 'The step whose signers may sign now; null once all have signed.' }),
  signers: {
    type: 'array',
    description: 'Every signer in list order. Signers of one step sign in parallel; a step signs once every earlier step has.',
    items: {
      type: 'object',
      properties: {
        id: { type: 'string', description: 'The signer\'s place on this request (reissueSigningLink takes it as signerId).' },
        signerId: str,
        displayName: str,
        email: nullable(str),
        step: { type: 'integer', minimum: 1 },
        status: signerStatus,
        openedAt: nullable(dt),
        signedAt: nullable(dt),
        declinedAt: nullable(dt),
        declineReason: nullable(str),
        recordId: nullable(str),
        ledgerIndex: nullable({ type: 'integer' }),
        matchingCode: { type: 'string', description: 'This signer\'s own six digits, shown beside their QR and on their phone.' },
      },
    },
  },
};

export const createdSigners: Json = {
  type: 'array',
  description: 'One entry per signer with their own link; tokens are shown once (only their hashes are stored).',
  items: { type: 'object', properties: { id: str, signerId: str, name: str, step: { type: 'integer' }, status: { const: 'pending' }, token: str, signUrl: { type: 'string', format: 'uri' } } },
};

export const ceremonySignerMembers: Json = {
  slotId: { type: 'string', description: 'This signer\'s place on the request; the phone derives the matching code from it.' },
  step: { type: 'integer' },
  signers: { type: 'array', items: { type: 'object', properties: { displayName: str, step: { type: 'integer' }, status: signerStatus, you: { type: 'boolean' } } } },
  waitingFor: { type: 'array', items: str, description: 'Names of earlier-step signers who must sign first; empty when it is this signer\'s turn.' },
};

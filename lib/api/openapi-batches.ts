import { z } from 'zod';
import { ERROR_CATALOGUE } from '../errors';
import { batchDocumentsBody, beginBatchSigningBody, createBatchBody, listBatchesQuery, reorderBatchBody } from './batch-schemas';
import { authenticationResponseBody, cancelRequestBody, declineBody, extendRequestBody, registrationResponseBody } from './schemas';

type Json = Record<string, unknown>;
type Code = keyof typeof ERROR_CATALOGUE;

function errors(...codes: Code[]): Json {
  const byStatus = new Map<number, string[]>();
  for (const code of codes) byStatus.set(ERROR_CATALOGUE[code].status, [...(byStatus.get(ERROR_CATALOGUE[code].status) ?? []), code]);
  return Object.fromEntries([...byStatus].map(([status, list]) => [String(status), { description: list.join(', '), content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } }]));
}
const body = (s: z.ZodType): Json => ({ required: true, content: { 'application/json': { schema: z.toJSONSchema(s, { target: 'draft-2020-12', io: 'input' }) } } });
const json = (description: string, status = '200'): Json => ({ [status]: { description, content: { 'application/json': { schema: { type: 'object' } } } } });
const id: Json = { name: 'id', in: 'path', required: true, description: 'Batch id', schema: { type: 'string', format: 'uuid' } };
const token: Json = { name: 'token', in: 'path', required: true, description: 'The signer\'s batch queue token from the batch QR.', schema: { type: 'string', pattern: '^[A-Za-z0-9_-]{16,64}$' } };
const CREATE_ERRORS: Code[] = ['BATCH_EMPTY', 'BATCH_TOO_LARGE', 'PRIORITY_UNKNOWN', 'MANIFEST_INVALID', 'UNKNOWN_DOCUMENT_TYPE', 'SIGNERS_INVALID', 'NOT_FOUND', 'VALIDATION_FAILED', 'MALFORMED_JSON'];
const OPEN_ERRORS: Code[] = ['NOT_FOUND', 'BATCH_NOT_OPEN', 'VALIDATION_FAILED', 'MALFORMED_JSON'];

/** Batches (docs/batches.md): many documents with an order and a priority, and a queue per signer. */
export function batchPaths(): Json {
  return {
    '/api/batches': {
      post: {
        operationId: 'createBatch',
        summary: 'Create a batch of 1–500 uploaded documents, each an ordinary signing request with a priority and position. Signers for all documents, per document, or from a CSV manifest. Answers the batch, every request (as createSigningRequest does) and `signers: [{ name, email, queueUrl, token }]`; tokens are shown once. Any bad input writes nothing.',
        requestBody: body(createBatchBody),
        responses: { ...json('The batch, its requests and the signers\' queue links', '201'), ...errors(...CREATE_ERRORS) },
      },
      get: {
        operationId: 'listBatches',
        summary: 'The batches the caller may see, newest first, with counts (signed, declined, waiting, expired, cancelled) and status (open, complete, cancelled).',
        parameters: Object.keys(listBatchesQuery.shape).map((name) => ({ name, in: 'query', required: false, schema: { type: 'integer', minimum: name === 'limit' ? 1 : 0 } })),
        responses: { '200': { description: 'Batches', content: { 'application/json': { schema: { type: 'array', items: { type: 'object' } } } } } },
      },
    },
    '/api/batches/{id}': {
      get: {
        operationId: 'getBatch',
        summary: 'One batch with every document in signing order (priority urgent → low, then position), each with its request, and the counts.',
        parameters: [id],
        responses: { ...json('The batch'), ...errors('NOT_FOUND') },
      },
    },
    '/api/batches/{id}/documents': {
      post: {
        operationId: 'addBatchDocuments',
        summary: 'Add documents after the last position of an open batch (at most 500 in all). New signers get their queue link, shown once.',
        parameters: [id],
        requestBody: body(batchDocumentsBody),
        responses: { ...json('The batch, the new requests and new signers\' links', '201'), ...errors(...CREATE_ERRORS, 'BATCH_NOT_OPEN') },
      },
    },
    '/api/batches/{id}/reorder': {
      post: {
        operationId: 'reorderBatch',
        summary: 'Set the order of an open batch: `order` lists every document once, first to last, optionally with a new priority.',
        parameters: [id],
        requestBody: body(reorderBatchBody),
        responses: { ...json('The reordered batch'), ...errors('BATCH_ORDER_INVALID', 'PRIORITY_UNKNOWN', ...OPEN_ERRORS) },
      },
    },
    '/api/batches/{id}/cancel': {
      post: {
        operationId: 'cancelBatch',
        summary: 'Cancel an open batch with a reason: every waiting document is cancelled and the queue links stop working; signed and declined ones stay.',
        parameters: [id],
        requestBody: body(cancelRequestBody),
        responses: { ...json('The cancelled batch'), ...errors(...OPEN_ERRORS) },
      },
    },
    '/api/batches/{id}/extend': {
      post: {
        operationId: 'extendBatch',
        summary: 'Move the expiry of an open batch and of each waiting document later (in the future, at most 30 days from now).',
        parameters: [id],
        requestBody: body(extendRequestBody),
        responses: { ...json('The batch with its new expiry'), ...errors('EXPIRY_OUT_OF_RANGE', ...OPEN_ERRORS) },
      },
    },
    '/api/queues/{token}': {
      get: {
        operationId: 'getBatchQueue',
        summary: 'What the phone loads from a batch QR: the signer\'s documents they may sign now, by priority then position, each with its SHA-256 to re-hash; in sequential requests a document appears once the signer\'s step has come.',
        parameters: [token],
        responses: { ...json('The queue'), ...errors('QUEUE_TOKEN_UNKNOWN', 'REQUEST_CANCELLED') },
      },
    },
    '/api/queues/{token}/documents/{requestId}': {
      get: {
        operationId: 'getBatchQueueDocument',
        summary: 'The stored bytes of one document of the signer\'s queue, for the phone to re-hash against the queue\'s SHA-256.',
        parameters: [token, { name: 'requestId', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }],
        responses: { '200': { description: 'The document bytes', content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } } }, ...errors('QUEUE_TOKEN_UNKNOWN', 'REQUEST_CANCELLED', 'NOT_FOUND') },
      },
    },
    '/api/queues/{token}/documents/{requestId}/decline': {
      post: {
        operationId: 'declineBatchDocument',
        summary: 'Decline one document of the signer\'s queue, optionally with a reason, as on its own link; the rest of the queue stays to be signed.',
        parameters: [token, { name: 'requestId', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }],
        requestBody: body(declineBody),
        responses: { ...json('{ requestId, declinedAt }'), ...errors('BATCH_STATEMENT_INVALID', 'REQUEST_NOT_SIGNABLE', 'REQUEST_ALREADY_SIGNED', 'QUEUE_TOKEN_UNKNOWN', 'REQUEST_CANCELLED', 'VALIDATION_FAILED', 'MALFORMED_JSON') },
      },
    },
    '/api/queues/{token}/begin': {
      post: {
        operationId: 'beginBatchSigning',
        summary: 'Start one passkey approval over the documents the phone checked: assertion options whose challenge is SHA-256 of the approval statement (docs/batches.md), the statement and its items. Any document not signable now by this signer in this batch, listed twice, or whose stored bytes no longer match refuses the whole approval.',
        parameters: [token],
        requestBody: body(beginBatchSigningBody),
        responses: { ...json('Assertion options and the approval statement (kind "signing"), or registration options (kind "registration") for a signer without a passkey'), ...errors('BATCH_STATEMENT_INVALID', 'BATCH_EMPTY', 'DOCUMENT_TAMPERED', 'QUEUE_TOKEN_UNKNOWN', 'REQUEST_CANCELLED', 'VALIDATION_FAILED', 'MALFORMED_JSON') },
      },
    },
    '/api/queues/{token}/registration': {
      post: {
        operationId: 'finishBatchRegistration',
        summary: 'Verify the passkey registration (UV required) that beginBatchSigning asked a signer without a passkey for, and bind it to the queue\'s signer; then call beginBatchSigning again.',
        parameters: [token],
        requestBody: body(registrationResponseBody),
        responses: { ...json('The registered credential id and algorithm', '201'), ...errors('CHALLENGE_UNKNOWN', 'CHALLENGE_USED', 'CHALLENGE_EXPIRED', 'CHALLENGE_OTHER_REQUEST', 'NEW_PASSKEY_NOT_ALLOWED', 'REGISTRATION_INVALID', 'ORIGIN_MISMATCH', 'RP_ID_MISMATCH', 'USER_VERIFICATION_REQUIRED', 'MALFORMED_ENCODING', 'QUEUE_TOKEN_UNKNOWN', 'REQUEST_CANCELLED', 'VALIDATION_FAILED', 'MALFORMED_JSON') },
      },
    },
    '/api/queues/{token}/complete': {
      post: {
        operationId: 'completeBatchSigning',
        summary: 'Complete one passkey approval: the one assertion over the approval statement\'s challenge records every approved document, each with its own record, countersignature, timestamp and ledger leaf, in one transaction; each record keeps its item, index and Merkle inclusion path, so its evidence bundle proves the approval covered its document (docs/evidence.md). A document no longer signable by this signer (declined, closed, another batch\'s or signer\'s), a hash that is not the stored document\'s, a statement that does not cover exactly its stored items, or stored bytes that changed refuse the whole approval: nothing is recorded.',
        parameters: [token],
        requestBody: body(authenticationResponseBody),
        responses: {
          ...json('{ batchId, records: [{ recordId, requestId, signedAt, ledgerIndex, requestSigned }] } in the statement\'s order', '201'),
          ...errors('BATCH_STATEMENT_INVALID', 'DOCUMENT_TAMPERED', 'CHALLENGE_UNKNOWN', 'CHALLENGE_USED', 'CHALLENGE_EXPIRED', 'CHALLENGE_OTHER_REQUEST', 'CREDENTIAL_UNKNOWN', 'SIGNATURE_INVALID', 'COUNTER_REGRESSION', 'USER_VERIFICATION_REQUIRED', 'USER_PRESENCE_REQUIRED', 'ORIGIN_MISMATCH', 'RP_ID_MISMATCH', 'WEBAUTHN_TYPE_MISMATCH', 'MALFORMED_ENCODING', 'CERT_EXPIRED', 'CERT_REVOKED', 'TSA_UNAVAILABLE', 'QUEUE_TOKEN_UNKNOWN', 'REQUEST_CANCELLED', 'VALIDATION_FAILED', 'MALFORMED_JSON'),
        },
      },
    },
  };
}

import { ERROR_CATALOGUE, type ErrorCode } from '../errors';

type Json = Record<string, unknown>;

const errorResponse = (...codes: ErrorCode[]): Json => ({
  description: codes.join(', '),
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
});

const filterParameters: Json[] = [
  { name: 'from', in: 'query', description: 'Entries at or after this instant (ISO 8601 with offset).', schema: { type: 'string', format: 'date-time' } },
  { name: 'to', in: 'query', description: 'Entries at or before this instant.', schema: { type: 'string', format: 'date-time' } },
  { name: 'actorKind', in: 'query', schema: { type: 'string', enum: ['staff', 'api_key', 'signer', 'system', 'anonymous'] } },
  { name: 'actor', in: 'query', description: 'Actor id or name, matched exactly.', schema: { type: 'string', maxLength: 200 } },
  { name: 'action', in: 'query', description: 'Action name exactly (request.sign), or a family with a trailing .* (request.*).', schema: { type: 'string', maxLength: 200 } },
  { name: 'targetType', in: 'query', schema: { type: 'string', maxLength: 200 } },
  { name: 'targetId', in: 'query', schema: { type: 'string', maxLength: 200 } },
  { name: 'outcome', in: 'query', schema: { type: 'string', enum: ['ok', 'refused', 'error'] } },
];

/** Operations that draw from a rate-limit bucket and so may answer 429 RATE_LIMITED with Retry-After. */
const RATE_LIMITED_OPERATIONS = new Set(['uploadDocument', 'getCeremony', 'beginSigning', 'finishRegistration', 'completeSigning', 'declineSigning']);

/**
 * Adds the operation log (GET /api/operations, /api/operations/export), the rate-limit and
 * media-type refusals, and the X-Request-Id header to the OpenAPI document.
 */
export function addOperationLog(spec: Json): Json {
  const paths = spec.paths as Record<string, Record<string, Json>>;
  for (const methods of Object.values(paths)) {
    for (const op of Object.values(methods)) {
      const responses = op.responses as Record<string, Json>;
      if (RATE_LIMITED_OPERATIONS.has(op.operationId as string)) {
        responses[String(ERROR_CATALOGUE.RATE_LIMITED.status)] = {
          ...errorResponse('RATE_LIMITED'),
          headers: { 'Retry-After': { description: 'Seconds until a retry can succeed (RFC 9110 §10.2.3).', schema: { type: 'integer' } } },
        };
      }
      if (op.operationId === 'uploadDocument') responses[String(ERROR_CATALOGUE.MEDIA_TYPE_MISMATCH.status)] = errorResponse('MEDIA_TYPE_MISMATCH');
    }
  }
  paths['/api/operations'] = {
    get: {
      operationId: 'listOperations',
      summary: 'The operation log, newest first, filtered; keyset pages (pass nextCursor as cursor). Roles: admin, auditor.',
      'x-roles': ['admin', 'auditor'],
      parameters: [
        ...filterParameters,
        { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 200, default: 50 } },
        { name: 'cursor', in: 'query', description: 'nextCursor of the previous page.', schema: { type: 'string' } },
      ],
      responses: {
        '200': { description: 'A page of operations', content: { 'application/json': { schema: { $ref: '#/components/schemas/OperationPage' } } } },
        '400': errorResponse('VALIDATION_FAILED'),
      },
    },
  };
  paths['/api/operations/export'] = {
    get: {
      operationId: 'exportOperations',
      summary: 'The filtered log as CSV (cells that a spreadsheet would run as a formula start with an apostrophe) or as a JSON array. Roles: admin, auditor.',
      'x-roles': ['admin', 'auditor'],
      parameters: [...filterParameters, { name: 'format', in: 'query', schema: { type: 'string', enum: ['csv', 'json'], default: 'csv' } }],
      responses: {
        '200': {
          description: 'The export, as an attachment',
          content: { 'text/csv': { schema: { type: 'string' } }, 'application/json': { schema: { type: 'array', items: { $ref: '#/components/schemas/Operation' } } } },
        },
        '400': errorResponse('VALIDATION_FAILED'),
      },
    },
  };
  const components = spec.components as { schemas: Json };
  const str = { type: 'string' };
  const nullableStr = { type: ['string', 'null'] };
  components.schemas.Operation = {
    type: 'object',
    required: ['id', 'at', 'actor', 'action', 'target', 'outcome', 'errorCode', 'ip', 'userAgent', 'requestId', 'details'],
    properties: {
      id: str,
      at: { type: 'string', format: 'date-time' },
      actor: { type: 'object', properties: { kind: { type: 'string', enum: ['staff', 'api_key', 'signer', 'system', 'anonymous'] }, id: nullableStr, name: nullableStr } },
      action: str,
      target: { oneOf: [{ type: 'object', properties: { type: str, id: nullableStr } }, { type: 'null' }] },
      outcome: { type: 'string', enum: ['ok', 'refused', 'error'] },
      errorCode: nullableStr,
      ip: nullableStr,
      userAgent: nullableStr,
      requestId: { ...nullableStr, description: 'The X-Request-Id the call was answered with.' },
      details: { type: ['object', 'null'] },
    },
  };
  components.schemas.OperationPage = {
    type: 'object',
    required: ['operations', 'nextCursor'],
    properties: { operations: { type: 'array', items: { $ref: '#/components/schemas/Operation' } }, nextCursor: nullableStr },
  };
  return spec;
}

import { ERROR_CATALOGUE } from '../errors';

type Json = Record<string, unknown>;
const errors = (...codes: (keyof typeof ERROR_CATALOGUE)[]): Json =>
  Object.fromEntries(codes.map((c) => [String(ERROR_CATALOGUE[c].status), { description: codes.filter((d) => ERROR_CATALOGUE[d].status === ERROR_CATALOGUE[c].status).join(', '), content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } }]));

/** A request's original document, and the requests of a document found by its hash (the /verify page's staff lookup). */
export function documentLookupPaths(): Json {
  return {
    '/api/requests/{id}/document': {
      get: {
        operationId: 'getRequestDocument',
        summary:
          'The original document of a request, byte for byte as uploaded (its SHA-256 is the one every statement names), as an attachment; X-Signet-Sha256 carries the hash. An uploader without "sees all" gets NOT_FOUND for another\'s request.',
        parameters: [{ name: 'id', in: 'path', required: true, description: 'Request id', schema: { type: 'string', format: 'uuid' } }],
        responses: {
          '200': { description: 'The document', content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } } },
          ...errors('NOT_FOUND'),
        },
      },
    },
    '/api/documents/{sha256}/requests': {
      get: {
        operationId: 'findRequestsByDocument',
        summary:
          'The signing requests of the document with this SHA-256 that the caller may see, newest first (at most 100), by the rule of listSigningRequests: an uploader without "sees all" gets only their own. The /verify page hashes a dropped file in the browser and asks this; the file itself is never sent.',
        parameters: [{ name: 'sha256', in: 'path', required: true, description: 'SHA-256 of the document, 64 lower-case hex digits', schema: { type: 'string', pattern: '^[0-9a-f]{64}$' } }],
        responses: {
          '200': {
            description: 'The requests of that document',
            content: { 'application/json': { schema: { type: 'object', properties: { sha256: { type: 'string' }, items: { type: 'array', items: { $ref: '#/components/schemas/SigningRequest' } } } } } },
          },
          ...errors('NOT_FOUND'),
        },
      },
    },
  };
}

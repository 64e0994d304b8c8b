import { ERROR_CATALOGUE } from '../errors';

type Json = Record<string, unknown>;
type Code = keyof typeof ERROR_CATALOGUE;

function errors(...codes: Code[]): Json {
  const byStatus = new Map<number, string[]>();
  for (const code of codes) byStatus.set(ERROR_CATALOGUE[code].status, [...(byStatus.get(ERROR_CATALOGUE[code].status) ?? []), code]);
  return Object.fromEntries([...byStatus].map(([status, list]) => [String(status), { description: list.join(', '), content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } }]));
}
const id: Json = { name: 'id', in: 'path', required: true, description: 'Batch id', schema: { type: 'string', format: 'uuid' } };
const binary = (type: string, description: string): Json => ({ '200': { description, content: { [type]: { schema: { type: 'string', format: 'binary' } } } } });

/** What the batch page uses besides the batch itself (docs/batches.md): its live events, the printable QR sheet and the evidence ZIP. */
export function batchExportPaths(): Json {
  return {
    '/api/batches/{id}/events': {
      get: {
        operationId: 'watchBatch',
        summary: 'Server-Sent Events (text/event-stream): `event: batch` with the batch as getBatch answers it, at once and after every change of one of its documents (changes in quick succession fold into one event). Ends once the batch is complete or cancelled.',
        parameters: [id],
        responses: { '200': { description: 'The event stream', content: { 'text/event-stream': { schema: { type: 'string' } } } }, ...errors('NOT_FOUND') },
      },
    },
    '/api/batches/{id}/sheet': {
      post: {
        operationId: 'getBatchSheet',
        summary:
          'The printable QR sheet (PDF): a cover with the batch\'s name, counts, creator and date and each signer\'s batch QR, then one block per document in signing order (priority, then position) with its QR, title, type, priority, SHA-256 fingerprint, matching code and expiry. Only token hashes are stored, so printing issues new links (each waiting document\'s current signer and each signer\'s queue) and the earlier links and sheets stop working; hence POST. A batch no longer open prints without QR codes and changes nothing.',
        parameters: [
          id,
          { name: 'locale', in: 'query', required: false, description: "Language of the sheet; default: the caller's. Times are in the caller's time zone, with the offset.", schema: { type: 'string', enum: ['zh-CN', 'en'] } },
        ],
        responses: { ...binary('application/pdf', 'The QR sheet'), ...errors('VALIDATION_FAILED', 'NOT_FOUND') },
      },
    },
    '/api/batches/{id}/evidence.zip': {
      get: {
        operationId: 'exportBatchEvidence',
        summary:
          'Every evidence bundle of the batch\'s signed documents as one ZIP, streamed: one JSON bundle per signed request, in signing order, named `NNN-<title>-<request id>.json`, each as `GET /api/records/{id}/evidence` answers it (verify with `npm run verify`). Documents not signed have no entry; a batch with none answers an empty ZIP.',
        parameters: [id],
        responses: { ...binary('application/zip', 'The evidence bundles'), ...errors('NOT_FOUND') },
      },
    },
  };
}

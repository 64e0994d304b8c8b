import { z } from 'zod';
import { ERROR_CATALOGUE, ERROR_CODES } from '../errors';
import { addOperationLog } from '../operations/openapi-operations';
import { authPaths, withAccess } from './openapi-auth';
import {
  authenticationResponseBody,
  createSigningRequestBody,
  declineBody,
  registrationResponseBody,
  reissueLinkBody,
  UPLOAD_HEADERS,
} from './schemas';
import { certificatePaths } from './openapi-certificates';
import { notePaths } from './openapi-notes';
import { batchExportPaths } from './openapi-batch-exports';
import { batchPaths } from './openapi-batches';
import { ceremonySignerMembers, createdSigners, lifecyclePaths, requestSignerMembers } from './openapi-lifecycle';
import { webhookPaths } from './openapi-webhooks';
import { documentLookupPaths } from './openapi-documents';
import { sealingPaths } from './openapi-sealing';
import { historyFilterParameters } from './openapi-history';

type Json = Record<string, unknown>;

const ref = (name: string): Json => ({ $ref: `#/components/schemas/${name}` });
const jsonBody = (schema: Json): Json => ({ required: true, content: { 'application/json': { schema } } });
const ok = (description: string, schema: Json, status = '200'): Json => ({ [status]: { description, content: { 'application/json': { schema } } } });
const toSchema = (s: z.ZodType): Json => z.toJSONSchema(s, { target: 'draft-2020-12', io: 'input' }) as Json;

function errors(...codes: (keyof typeof ERROR_CATALOGUE)[]): Json {
  const byStatus = new Map<number, string[]>();
  for (const code of codes) byStatus.set(ERROR_CATALOGUE[code].status, [...(byStatus.get(ERROR_CATALOGUE[code].status) ?? []), code]);
  return Object.fromEntries(
    [...byStatus].map(([status, list]) => [String(status), { description: list.join(', '), content: { 'application/json': { schema: ref('Error') } } }]),
  );
}

const idParam = (name: string, description: string, pattern?: string): Json => ({
  name,
  in: 'path',
  required: true,
  description,
  schema: pattern ? { type: 'string', pattern } : { type: 'string', format: 'uuid' },
});
const tokenParameter = idParam('token', 'The signing token from the QR link (authorizes the phone-side operations by itself).', '^[A-Za-z0-9_-]{16,64}$');

const ledgerNumber = (name: string, location: 'path' | 'query', description: string): Json => ({
  name,
  in: location,
  required: true,
  description,
  schema: { type: 'string', pattern: '^(0|[1-9][0-9]*)$' },
});

const TOKEN_ERRORS = ['TOKEN_UNKNOWN', 'REQUEST_EXPIRED', 'REQUEST_DECLINED', 'REQUEST_ALREADY_SIGNED', 'REQUEST_CANCELLED'] as const;
/** The phone-side verbs that sign or decline: a signer of a later step is refused until their turn. */
const TURN_ERRORS = [...TOKEN_ERRORS, 'SIGNER_NOT_YET'] as const;
const WEBAUTHN_ERRORS = [
  'CHALLENGE_UNKNOWN',
  'CHALLENGE_EXPIRED',
  'CHALLENGE_USED',
  'CHALLENGE_OTHER_REQUEST',
  'WEBAUTHN_TYPE_MISMATCH',
  'ORIGIN_MISMATCH',
  'RP_ID_MISMATCH',
  'USER_PRESENCE_REQUIRED',
  'USER_VERIFICATION_REQUIRED',
  'MALFORMED_ENCODING',
] as const;

/** OpenAPI 3.1 description of every operation the UI uses, served at /api/openapi.json. */
export function buildOpenApi(origin: string): Json {
  // Operation-log paths first, so the access table labels them too.
  return withAccess(addOperationLog({
    openapi: '3.1.0',
    info: {
      title: 'Signet API',
      version: '1.0.0',
      description:
        'QR scan-to-sign with passkeys. Every error is {"error":{"code","message"}} with a code from the catalogue in docs/api.md. ' +
        'Phone-side operations under /api/ceremonies/{token} are authorized by the signing token alone.',
    },
    servers: [{ url: origin }],
    paths: {
      '/api/health': { get: { operationId: 'getHealth', summary: 'Liveness: the database answers.', responses: { ...ok('Healthy', ref('Health')), ...errors('DATABASE_UNAVAILABLE') } } },
      '/api/documents': {
        post: {
          operationId: 'uploadDocument',
          summary: 'Upload one document as the raw request body (streamed; hashed while stored).',
          parameters: [
            { name: UPLOAD_HEADERS.sha256, in: 'header', required: true, description: 'Hex SHA-256 the client computed.', schema: { type: 'string', pattern: '^[0-9a-f]{64}$' } },
            { name: UPLOAD_HEADERS.fileName, in: 'header', required: false, description: 'URI-encoded original file name (data only).', schema: { type: 'string' } },
          ],
          requestBody: { required: true, content: { 'application/octet-stream': { schema: { type: 'string', contentMediaType: 'application/octet-stream' } } } },
          responses: { ...ok('Stored', ref('Document'), '201'), ...errors('HASH_MISMATCH', 'EMPTY_FILE', 'FILE_TOO_LARGE', 'VALIDATION_FAILED') },
        },
      },
      '/api/requests': {
        post: {
          operationId: 'createSigningRequest',
          summary:
            'Create a signing request for an uploaded document with 1–20 signers (`signers` + `order`, or the one-signer `signerName`/`signerEmail`); returns each signer\'s one-time token and the URL their QR encodes. An uploader may use only their own documents (another\'s answers NOT_FOUND).',
          requestBody: jsonBody(toSchema(createSigningRequestBody)),
          responses: { ...ok('Created', ref('CreatedSigningRequest'), '201'), ...errors('VALIDATION_FAILED', 'SIGNERS_INVALID', 'MALFORMED_JSON', 'NOT_FOUND', 'UNKNOWN_DOCUMENT_TYPE') },
        },
        get: {
          operationId: 'listSigningRequests',
          summary:
            'Signing requests, filtered (every filter narrows), sorted, in keyset pages: pass nextCursor as cursor with the same filters and sort. An uploader without "sees all" gets only their own. A bad value answers VALIDATION_FAILED naming the parameter.',
          parameters: [...historyFilterParameters, { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 200, default: 50 } }, { name: 'cursor', in: 'query', description: 'nextCursor of the previous page of the same query; one from another query is refused.', schema: { type: 'string' } }],
          responses: { ...ok('A page of requests', ref('SigningRequestPage')), ...errors('VALIDATION_FAILED') },
        },
      },
      '/api/requests/export': {
        get: {
          operationId: 'exportSigningRequests',
          summary:
            'The filtered history (same filters and sort as listSigningRequests), streamed: CSV (RFC 4180, formula-safe), NDJSON, plain text, or a PDF report (title page with the filters, who exported and when, counts; at most 5,000 rows, else EXPORT_TOO_LARGE). The export is recorded in the operation log. Roles: admin, auditor, uploader (own requests only).',
          parameters: [...historyFilterParameters, { name: 'format', in: 'query', schema: { type: 'string', enum: ['csv', 'ndjson', 'txt', 'pdf'], default: 'csv' } }],
          responses: {
            '200': {
              description: 'The export as an attachment',
              content: { 'text/csv': { schema: { type: 'string' } }, 'application/x-ndjson': { schema: { type: 'string' } }, 'text/plain': { schema: { type: 'string' } }, 'application/pdf': { schema: { type: 'string', format: 'binary' } } },
            },
            ...errors('VALIDATION_FAILED', 'EXPORT_TOO_LARGE'),
          },
        },
      },
      '/api/requests/{id}': {
        get: { operationId: 'getSigningRequest', summary: 'One request. For an uploader without "sees all", another\'s request answers NOT_FOUND (here and on its link, events and evidence).', parameters: [idParam('id', 'Request id')], responses: { ...ok('The request', ref('SigningRequest')), ...errors('NOT_FOUND') } },
      },
      '/api/requests/{id}/link': {
        post: {
          operationId: 'reissueSigningLink',
          summary: 'Replace one signer\'s signing link (the old one stops working): "show the QR again" from any device. Body optional: `signerId` (the signer\'s place id); by default the first signer whose turn it is.',
          parameters: [idParam('id', 'Request id')],
          requestBody: { ...jsonBody(toSchema(reissueLinkBody)), required: false },
          responses: { ...ok('New link', { type: 'object', properties: { token: { type: 'string' }, signUrl: { type: 'string' }, signerId: { type: 'string' } } }), ...errors('NOT_FOUND', ...TOKEN_ERRORS.slice(1)) },
        },
      },
      '/api/requests/{id}/events': {
        get: {
          operationId: 'streamSigningRequest',
          summary: 'Server-Sent Events: `event: request` with the SigningRequest JSON at once and on every change; ends at signed/declined/expired/cancelled.',
          parameters: [idParam('id', 'Request id')],
          responses: { '200': { description: 'text/event-stream', content: { 'text/event-stream': { schema: { type: 'string' } } } }, ...errors('NOT_FOUND') },
        },
      },
      '/api/ceremonies/{token}': {
        get: {
          operationId: 'getCeremony',
          summary: 'What the phone loads: the request, document and signer, and whom a later-step signer waits for (200 with `waitingFor`). The first load marks the signer opened.',
          parameters: [tokenParameter],
          responses: { ...ok('The ceremony', ref('Ceremony')), ...errors('TOKEN_UNKNOWN', 'REQUEST_CANCELLED') },
        },
      },
      '/api/ceremonies/{token}/document': {
        get: {
          operationId: 'getCeremonyDocument',
          summary: 'The document bytes, for the phone to preview and re-hash.',
          parameters: [tokenParameter],
          responses: { '200': { description: 'The exact stored bytes', content: { 'application/octet-stream': {} } }, ...errors('TOKEN_UNKNOWN', 'REQUEST_EXPIRED', 'REQUEST_CANCELLED') },
        },
      },
      '/api/ceremonies/{token}/begin': {
        post: {
          operationId: 'beginSigning',
          summary:
            'Returns WebAuthn creation options (kind "registration", signer has no passkey yet) or request options (kind "signing") whose challenge is SHA-256 of the returned statement.',
          parameters: [tokenParameter],
          responses: { ...ok('Options', ref('BeginSigning')), ...errors(...TURN_ERRORS, 'DOCUMENT_TAMPERED') },
        },
      },
      '/api/ceremonies/{token}/registration': {
        post: {
          operationId: 'finishRegistration',
          summary: 'Verify a passkey registration (UV required) and bind it to the signer.',
          parameters: [tokenParameter],
          requestBody: jsonBody(toSchema(registrationResponseBody)),
          responses: {
            ...ok('Registered', { type: 'object', properties: { credentialId: { type: 'string' }, algorithm: { type: 'integer' } } }, '201'),
            ...errors(...TURN_ERRORS, ...WEBAUTHN_ERRORS, 'REGISTRATION_INVALID', 'NEW_PASSKEY_NOT_ALLOWED', 'UNSUPPORTED_ALGORITHM', 'MALFORMED_JSON', 'VALIDATION_FAILED'),
          },
        },
      },
      '/api/ceremonies/{token}/complete': {
        post: {
          operationId: 'completeSigning',
          summary: 'Verify the assertion over the statement challenge and record the signature.',
          parameters: [tokenParameter],
          requestBody: jsonBody(toSchema(authenticationResponseBody)),
          responses: {
            ...ok(
              'Signed',
              { type: 'object', properties: { recordId: { type: 'string' }, requestId: { type: 'string' }, signedAt: { type: 'string', format: 'date-time' }, ledgerIndex: { type: 'integer' } } },
              '201',
            ),
            ...errors(...TURN_ERRORS, ...WEBAUTHN_ERRORS, 'CREDENTIAL_UNKNOWN', 'SIGNATURE_INVALID', 'COUNTER_REGRESSION', 'MALFORMED_JSON', 'VALIDATION_FAILED'),
          },
        },
      },
      '/api/ceremonies/{token}/decline': {
        post: {
          operationId: 'declineSigning',
          parameters: [tokenParameter],
          requestBody: jsonBody(toSchema(declineBody)),
          responses: { ...ok('Declined', { type: 'object', properties: { requestId: { type: 'string' }, declinedAt: { type: 'string' } } }), ...errors(...TURN_ERRORS, 'VALIDATION_FAILED') },
        },
      },
      '/api/records/{id}/evidence': {
        get: {
          operationId: 'getEvidence',
          summary: 'The evidence bundle (docs/evidence.md): signet.evidence/v1 for a one-signer request; for several signers the whole request as signet.evidence/v2, its `signatures` in signing order, whichever record is asked. Verify offline with `npm run verify`.',
          parameters: [idParam('id', 'Record id')],
          responses: { ...ok('Evidence bundle', ref('Evidence')), ...errors('NOT_FOUND') },
        },
      },
      '/api/ledger/checkpoint': {
        get: {
          operationId: 'getLedgerCheckpoint',
          summary: 'The latest signed checkpoint of the signing ledger (c2sp.org/tlog-checkpoint in a c2sp.org/signed-note, Ed25519), as text/plain.',
          responses: { '200': { description: 'Signed note', content: { 'text/plain': { schema: { type: 'string' } } } }, ...errors('LEDGER_EMPTY') },
        },
      },
      '/api/ledger/key': {
        get: {
          operationId: 'getLedgerKey',
          summary: 'The note verifier key of the ledger, `<name>+<hex key ID>+<base64(0x01 ‖ Ed25519 public key)>`, as text/plain.',
          responses: { '200': { description: 'Verifier key', content: { 'text/plain': { schema: { type: 'string' } } } }, ...errors('LEDGER_EMPTY') },
        },
      },
      '/api/ledger/entries/{index}': {
        get: {
          operationId: 'getLedgerEntry',
          summary: 'One ledger entry: the exact leaf bytes (base64) hashed into the tree (docs/evidence.md, "Ledger").',
          parameters: [ledgerNumber('index', 'path', 'Leaf index, 0-based.')],
          responses: { ...ok('The entry', ref('LedgerEntry')), ...errors('LEDGER_BAD_PARAMETER', 'LEDGER_RANGE') },
        },
      },
      '/api/ledger/proof/inclusion': {
        get: {
          operationId: 'getLedgerInclusionProof',
          summary: 'RFC 9162 §2.1.3 inclusion proof of leaf `index` in the tree of `treeSize` leaves (take treeSize from a verified checkpoint).',
          parameters: [ledgerNumber('index', 'query', 'Leaf index.'), ledgerNumber('treeSize', 'query', 'Tree size, at most the log size.')],
          responses: { ...ok('The proof', ref('InclusionProof')), ...errors('LEDGER_BAD_PARAMETER', 'LEDGER_RANGE') },
        },
      },
      '/api/ledger/proof/consistency': {
        get: {
          operationId: 'getLedgerConsistencyProof',
          summary: 'RFC 9162 §2.1.4 consistency proof that the tree of `from` leaves is a prefix of the tree of `to` leaves.',
          parameters: [ledgerNumber('from', 'query', 'Older tree size.'), ledgerNumber('to', 'query', 'Newer tree size, at most the log size.')],
          responses: { ...ok('The proof', ref('ConsistencyProof')), ...errors('LEDGER_BAD_PARAMETER', 'LEDGER_RANGE') },
        },
      },
      ...certificatePaths(),
      ...notePaths(),
      ...lifecyclePaths(),
      ...webhookPaths(),
      ...sealingPaths(),
      ...documentLookupPaths(),
      ...batchPaths(),
      ...batchExportPaths(),
      '/api/openapi.json': { get: { operationId: 'getOpenApi', responses: { '200': { description: 'This document' } } } },
      ...authPaths(),
    },
    components: { schemas: componentSchemas() },
  }));
}

function componentSchemas(): Json {
  const str = { type: 'string' };
  const dt = { type: 'string', format: 'date-time' };
  const nullable = (s: Json) => ({ oneOf: [s, { type: 'null' }] });
  const status = { type: 'string', enum: ['pending', 'opened', 'signed', 'declined', 'expired', 'cancelled'] };
  const document = {
    type: 'object',
    required: ['id', 'sha256', 'size', 'mediaType', 'name', 'createdAt'],
    properties: { id: str, sha256: { type: 'string', pattern: '^[0-9a-f]{64}$' }, size: { type: 'integer' }, mediaType: str, name: str, createdAt: dt },
  };
  const signingRequest = {
    type: 'object',
    properties: {
      id: str,
      title: str,
      documentType: str,
      requestedBy: nullable(str),
      status,
      createdAt: dt,
      expiresAt: dt,
      openedAt: nullable(dt),
      signedAt: nullable(dt),
      declinedAt: nullable(dt),
      declineReason: nullable(str),
      recordId: nullable(str),
      ledgerIndex: nullable({ type: 'integer', description: 'The signature record\'s leaf index in the signing ledger (/api/ledger).' }),
      matchingCode: { type: 'string', description: 'Six digits "123 456" shown on desktop and phone.' },
      document: ref('Document'),
      signer: { type: 'object', description: 'The first signer.', properties: { id: str, displayName: str, email: nullable(str) } },
      ...requestSignerMembers,
    },
  };
  return {
    Error: {
      type: 'object',
      required: ['error'],
      properties: {
        error: {
          type: 'object',
          required: ['code', 'message'],
          properties: { code: { type: 'string', enum: ERROR_CODES }, message: { type: 'string', description: 'What was expected and what arrived.' } },
        },
      },
    },
    Health: { type: 'object', properties: { status: { const: 'ok' }, database: { enum: ['pglite', 'postgres'] } } },
    Document: document,
    SigningRequest: signingRequest,
    SigningRequestPage: { type: 'object', properties: { items: { type: 'array', items: ref('SigningRequest') }, nextCursor: { type: 'string', nullable: true, description: 'null on the last page' }, limit: { type: 'integer' } } },
    CreatedSigningRequest: {
      type: 'object',
      properties: {
        request: ref('SigningRequest'),
        token: { type: 'string', description: 'The first signer\'s token. Shown once; only its hash is stored.' },
        signUrl: { type: 'string', format: 'uri' },
        signers: createdSigners,
      },
    },
    Ceremony: {
      type: 'object',
      properties: {
        requestId: str,
        title: str,
        documentType: { type: 'object', properties: { id: str, label: str } },
        requestedBy: nullable(str),
        status,
        expiresAt: dt,
        signedAt: nullable(dt),
        declinedAt: nullable(dt),
        document: { type: 'object', properties: { sha256: str, size: { type: 'integer' }, mediaType: str, name: str } },
        signer: { type: 'object', properties: { displayName: str, hasPasskey: { type: 'boolean' } } },
        ...ceremonySignerMembers,
      },
    },
    BeginSigning: {
      oneOf: [
        { type: 'object', properties: { kind: { const: 'registration' }, options: { type: 'object', description: 'PublicKeyCredentialCreationOptionsJSON' } } },
        {
          type: 'object',
          properties: { kind: { const: 'signing' }, options: { type: 'object', description: 'PublicKeyCredentialRequestOptionsJSON' }, statement: { type: 'string' } },
        },
      ],
    },
    LedgerEntry: { type: 'object', required: ['index', 'kind', 'data'], properties: { index: { type: 'integer' }, kind: { const: 'signature' }, data: { type: 'string', contentEncoding: 'base64' } } },
    InclusionProof: {
      type: 'object',
      required: ['index', 'treeSize', 'hashes'],
      properties: { index: { type: 'integer' }, treeSize: { type: 'integer' }, hashes: { type: 'array', items: { type: 'string', contentEncoding: 'base64' } } },
    },
    ConsistencyProof: {
      type: 'object',
      required: ['from', 'to', 'hashes'],
      properties: { from: { type: 'integer' }, to: { type: 'integer' }, hashes: { type: 'array', items: { type: 'string', contentEncoding: 'base64' } } },
    },
    Evidence: {
      type: 'object',
      description: 'signet.evidence/v1 (one signer) or signet.evidence/v2 (several: request, signatures[] of v1 bundles in signing order), see docs/evidence.md',
      properties: { version: { enum: ['signet.evidence/v1', 'signet.evidence/v2'] } },
    },
  };
}

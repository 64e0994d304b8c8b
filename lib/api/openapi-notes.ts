import { z } from 'zod';
import { ERROR_CATALOGUE } from '../errors';
import { addNoteBody } from './note-schemas';

type Json = Record<string, unknown>;
const errors = (...codes: (keyof typeof ERROR_CATALOGUE)[]): Json =>
  Object.fromEntries(codes.map((c) => [String(ERROR_CATALOGUE[c].status), { description: codes.filter((d) => ERROR_CATALOGUE[d].status === ERROR_CATALOGUE[c].status).join(', '), content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } }]));
const idParam: Json = { name: 'id', in: 'path', required: true, description: 'Request id', schema: { type: 'string', format: 'uuid' } };

const note: Json = {
  type: 'object',
  required: ['id', 'requestId', 'author', 'body', 'createdAt'],
  properties: {
    id: { type: 'string' },
    requestId: { type: 'string' },
    author: { type: 'object', properties: { kind: { type: 'string', enum: ['staff', 'api_key', 'system'] }, id: { oneOf: [{ type: 'string' }, { type: 'null' }] }, name: { type: 'string' } } },
    body: { type: 'string', description: 'Plain text exactly as written; clients must render it as text, never as HTML.' },
    createdAt: { type: 'string', format: 'date-time' },
  },
};

/** Staff notes on a signing request: append-only, so there is no edit or delete. */
export function notePaths(): Json {
  return {
    '/api/requests/{id}/notes': {
      get: {
        operationId: 'listRequestNotes',
        summary: 'The request\'s notes, oldest first. For an uploader without "sees all", another\'s request answers NOT_FOUND.',
        parameters: [idParam],
        responses: { '200': { description: 'Notes', content: { 'application/json': { schema: { type: 'object', properties: { items: { type: 'array', items: note } } } } } }, ...errors('NOT_FOUND') },
      },
      post: {
        operationId: 'addRequestNote',
        summary: 'Adds a note (1–2000 characters, not blank). Notes cannot be edited or deleted.',
        parameters: [idParam],
        requestBody: { required: true, content: { 'application/json': { schema: z.toJSONSchema(addNoteBody, { target: 'draft-2020-12', io: 'input' }) } } },
        responses: { '201': { description: 'The note', content: { 'application/json': { schema: note } } }, ...errors('VALIDATION_FAILED', 'NOT_FOUND') },
      },
    },
  };
}

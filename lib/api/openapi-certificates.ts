import { z } from 'zod';
import { ERROR_CATALOGUE } from '../errors';
import { renewCertificateBody, revokeCertificateBody } from './certificate-schemas';

type Json = Record<string, unknown>;
const toSchema = (s: z.ZodType): Json => z.toJSONSchema(s, { target: 'draft-2020-12', io: 'input' }) as Json;
const json = (description: string, schema: Json = { type: 'object' }, status = '200'): Json => ({ [status]: { description, content: { 'application/json': { schema } } } });
const errors = (...codes: (keyof typeof ERROR_CATALOGUE)[]): Json =>
  Object.fromEntries(codes.map((c) => [String(ERROR_CATALOGUE[c].status), { description: codes.filter((d) => ERROR_CATALOGUE[d].status === ERROR_CATALOGUE[c].status).join(', '), content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } }]));
const idParam: Json = { name: 'id', in: 'path', required: true, description: 'Certificate id', schema: { type: 'string', format: 'uuid' } };

/** The organisation certificate's lifecycle (issue 3): reads for admin and auditor, changes for admin. */
export function certificatePaths(): Json {
  return {
    '/api/certificates': {
      get: {
        operationId: 'listCertificates',
        summary: 'Status of the active organisation certificate (valid / expiring-soon / expired / not-yet-valid / revoked, days left) and every certificate the organisation has had, with record counts. Roles: admin, auditor.',
        responses: { ...json('Overview') },
      },
    },
    '/api/certificates/renew': {
      post: {
        operationId: 'renewCertificateLocally',
        summary: 'Renewal (a): a new key and certificate from the local CA, activated atomically. Role: admin.',
        requestBody: { required: false, content: { 'application/json': { schema: toSchema(renewCertificateBody) } } },
        responses: { ...json('The new active certificate', { type: 'object' }, '201'), ...errors('CERT_ACTIVATION_CONFLICT', 'CERT_NOT_FOUND', 'VALIDATION_FAILED') },
      },
    },
    '/api/certificates/test-signature': {
      post: {
        operationId: 'testCertificateSignature',
        summary: 'Countersigns, timestamps and verifies a test payload with the active certificate. Role: admin.',
        responses: { ...json('Verification report'), ...errors('CERT_EXPIRED', 'CERT_NOT_YET_VALID', 'CERT_REVOKED', 'TSA_UNAVAILABLE') },
      },
    },
    '/api/certificates/chain': {
      get: {
        operationId: 'getCertificateChain',
        summary: 'Backup / publication: the active certificate and its issuers up to the root, PEM. Roles: admin, auditor.',
        responses: { '200': { description: 'PEM chain', content: { 'application/pem-certificate-chain': { schema: { type: 'string' } } } } },
      },
    },
    '/api/certificates/{id}/revoke': {
      post: {
        operationId: 'revokeCertificate',
        summary: 'Revokes a certificate from a time (default now) with a reason; records signed before stay valid. Role: admin.',
        parameters: [idParam],
        requestBody: { required: true, content: { 'application/json': { schema: toSchema(revokeCertificateBody) } } },
        responses: { ...json('Revoked'), ...errors('CERT_NOT_FOUND', 'CERT_ALREADY_REVOKED', 'VALIDATION_FAILED') },
      },
    },
    '/api/certificates/{id}/records': {
      get: {
        operationId: 'listCertificateRecords',
        summary: 'The records this certificate countersigned, newest first. Roles: admin, auditor.',
        parameters: [idParam],
        responses: { ...json('Records') },
      },
    },
  };
}

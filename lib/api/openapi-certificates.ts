import { z } from 'zod';
import { ERROR_CATALOGUE } from '../errors';
import { exportPkcs12Body, importChainBody, importPkcs12Body, renewCertificateBody, revokeCertificateBody } from './certificate-schemas';

type Json = Record<string, unknown>;
const toSchema = (s: z.ZodType): Json => z.toJSONSchema(s, { target: 'draft-2020-12', io: 'input' }) as Json;
const json = (description: string, schema: Json = { type: 'object' }, status = '200'): Json => ({ [status]: { description, content: { 'application/json': { schema } } } });
const errors = (...codes: (keyof typeof ERROR_CATALOGUE)[]): Json =>
  Object.fromEntries(codes.map((c) => [String(ERROR_CATALOGUE[c].status), { description: codes.filter((d) => ERROR_CATALOGUE[d].status === ERROR_CATALOGUE[c].status).join(', '), content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } }]));
const idParam: Json = { name: 'id', in: 'path', required: true, description: 'Certificate id', schema: { type: 'string', format: 'uuid' } };

/** The organisation certificate's lifecycle: reads for admin and auditor, changes for admin. */
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
    '/api/certificates/csr': {
      post: {
        operationId: 'createCertificateRequest',
        summary: 'Renewal (b): generates a key (kept encrypted) and returns a PKCS#10 CSR (PEM) for an external CA. Role: admin.',
        responses: { ...json('The request id and CSR PEM', { type: 'object' }, '201') },
      },
    },
    '/api/certificates/csr/{id}/chain': {
      post: {
        operationId: 'importIssuedChain',
        summary: 'Renewal (b): imports the PEM chain issued for the CSR; refused unless it matches the key, reaches a root and allows signing. Role: admin.',
        parameters: [{ ...idParam, description: 'Certificate request id' }],
        requestBody: { required: true, content: { 'application/json': { schema: toSchema(importChainBody) } } },
        responses: { ...json('The new active certificate', { type: 'object' }, '201'), ...errors('MALFORMED_PEM', 'CHAIN_KEY_MISMATCH', 'CHAIN_UNTRUSTED', 'CERT_KEY_USAGE', 'CERT_EXPIRED', 'CERT_NOT_FOUND', 'CERT_ACTIVATION_CONFLICT') },
      },
    },
    '/api/certificates/pkcs12': {
      post: {
        operationId: 'importPkcs12',
        summary: 'Renewal (c): imports a PKCS#12 (base64) with its password and activates it. Role: admin.',
        requestBody: { required: true, content: { 'application/json': { schema: toSchema(importPkcs12Body) } } },
        responses: { ...json('The new active certificate', { type: 'object' }, '201'), ...errors('PKCS12_PASSWORD', 'MALFORMED_PEM', 'CHAIN_KEY_MISMATCH', 'CHAIN_UNTRUSTED', 'CERT_KEY_USAGE', 'CERT_ACTIVATION_CONFLICT') },
      },
    },
    '/api/certificates/pkcs12/export': {
      post: {
        operationId: 'exportPkcs12',
        summary:
          'Backup: the active signing key with its certificate chain as a PKCS#12 encrypted with the password (PBES2/AES-256-CBC, PBKDF2-SHA256; HMAC-SHA256 MAC). Password at least 8 characters. Role: admin.',
        requestBody: { required: true, content: { 'application/json': { schema: toSchema(exportPkcs12Body) } } },
        responses: {
          '200': { description: 'PKCS#12 file (attachment)', content: { 'application/x-pkcs12': { schema: { type: 'string', format: 'binary' } } } },
          ...errors('PKCS12_PASSWORD_REQUIRED', 'VALIDATION_FAILED'),
        },
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

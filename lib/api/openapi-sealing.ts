import { ERROR_CATALOGUE } from '../errors';

type Json = Record<string, unknown>;
const errors = (...codes: (keyof typeof ERROR_CATALOGUE)[]): Json =>
  Object.fromEntries(codes.map((c) => [String(ERROR_CATALOGUE[c].status), { description: codes.filter((d) => ERROR_CATALOGUE[d].status === ERROR_CATALOGUE[c].status).join(', '), content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } }]));

/** The sealed PDF of a signed request and the local CA's CRL (docs/evidence.md, "Sealed PDF"). */
export function sealingPaths(): Json {
  return {
    '/api/requests/{id}/sealed-pdf': {
      get: {
        operationId: 'getSealedPdf',
        summary:
          'The sealed PDF of a signed request: the original PDF extended in place (or, for other files and PDFs that cannot be extended, a certificate PDF carrying the original) with a signature page and every evidence bundle attached, signed by the organisation at PAdES B-LTA. Sealed in the background once signed; when none is stored yet (or the last attempt failed) this call seals now. An uploader without "sees all" gets NOT_FOUND for another\'s request.',
        parameters: [{ name: 'id', in: 'path', required: true, description: 'Request id', schema: { type: 'string', format: 'uuid' } }],
        responses: {
          '200': { description: 'The sealed PDF', content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } } },
          ...errors('NOT_FOUND', 'REQUEST_NOT_SIGNABLE', 'CERT_REVOKED', 'CERT_EXPIRED', 'TSA_UNAVAILABLE'),
        },
      },
    },
    '/api/requests/{id}/signing-certificate': {
      get: {
        operationId: 'getSigningCertificate',
        summary:
          'The signing certificate ("certificate of completion") of a signed request as a PDF in one language: document title, type, SHA-256 and size; each signer with name, e-mail, time, device (parsed User-Agent), user verification and passkey id; the organisation countersignature (certificate subject, serial, validity) and RFC 3161 timestamp time; ledger index and checkpoint; a QR code opening /verify?request={id}&record={first record id}. A summary for people: the evidence bundle is the proof. An uploader without "sees all" gets NOT_FOUND for another\'s request.',
        parameters: [
          { name: 'id', in: 'path', required: true, description: 'Request id', schema: { type: 'string', format: 'uuid' } },
          { name: 'locale', in: 'query', required: false, description: "Language of the PDF; default: the caller's (settings, cookie, Accept-Language). Times are in the caller's time zone, with the offset.", schema: { type: 'string', enum: ['zh-CN', 'en'] } },
        ],
        responses: {
          '200': { description: 'The signing certificate PDF', content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } } },
          ...errors('VALIDATION_FAILED', 'NOT_FOUND', 'REQUEST_NOT_SIGNED'),
        },
      },
    },
    '/api/pki/crl/{ca}': {
      get: {
        operationId: 'getCrl',
        summary: 'Public. The current CRL of a local CA (RFC 5280 §5, DER, application/pkix-crl), issued on each request, so a revocation shows at once; nextUpdate is 7 days on. The certificates the CA issues name this URL as their cRLDistributionPoint.',
        parameters: [{ name: 'ca', in: 'path', required: true, description: 'SHA-256 fingerprint (hex) of the CA certificate, then .crl', schema: { type: 'string', pattern: '^[0-9a-f]{64}\\.crl$' } }],
        responses: { '200': { description: 'DER CRL', content: { 'application/pkix-crl': { schema: { type: 'string', format: 'binary' } } } }, ...errors('NOT_FOUND') },
      },
    },
  };
}

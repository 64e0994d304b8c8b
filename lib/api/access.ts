import { ROLES } from '../auth/actor';
import type { RouteAccess } from '../auth/authorize';

/**
 * Who may call each API operation, keyed "METHOD /path" as in the OpenAPI document. The route files
 * declare the same in route(…, { roles }); test/http/access-matrix.test.ts checks every route file
 * against this table (and fails for a route without an entry), and lib/api/openapi.ts publishes it
 * as `x-roles` on each operation. Admin may call every staff operation.
 */
export const OPERATION_ACCESS: Record<string, RouteAccess> = {
  'GET /api/health': 'public',
  'GET /api/openapi.json': 'public',
  'POST /api/documents': ['uploader'],
  'GET /api/requests': ['uploader', 'auditor'],
  'POST /api/requests': ['uploader'],
  'GET /api/requests/{id}': ['uploader', 'auditor'],
  'GET /api/requests/{id}/events': ['uploader', 'auditor'],
  'POST /api/requests/{id}/link': ['uploader'],
  'POST /api/requests/{id}/cancel': ['uploader'],
  'POST /api/requests/{id}/extend': ['uploader'],
  'POST /api/requests/{id}/re-request': ['uploader'],
  'GET /api/requests/{id}/notes': ['uploader', 'auditor'],
  'POST /api/requests/{id}/notes': ['uploader', 'auditor'],
  'GET /api/records/{id}/evidence': ['uploader', 'auditor'],
  'GET /api/requests/{id}/sealed-pdf': ['uploader', 'auditor'],
  'GET /api/requests/{id}/document': ['uploader', 'auditor'],
  'GET /api/documents/{sha256}/requests': ['uploader', 'auditor'],
  'GET /api/batches': ['uploader', 'auditor'],
  'POST /api/batches': ['uploader'],
  'GET /api/batches/{id}': ['uploader', 'auditor'],
  'POST /api/batches/{id}/documents': ['uploader'],
  'POST /api/batches/{id}/reorder': ['uploader'],
  'POST /api/batches/{id}/cancel': ['uploader'],
  'POST /api/batches/{id}/extend': ['uploader'],
  'GET /api/queues/{token}': 'signer-token',
  'GET /api/queues/{token}/documents/{requestId}': 'signer-token',
  'POST /api/queues/{token}/begin': 'signer-token',
  'GET /api/requests/{id}/signing-certificate': ['uploader', 'auditor'],
  'GET /api/pki/crl/{ca}': 'public',
  'GET /api/ceremonies/{token}': 'signer-token',
  'POST /api/ceremonies/{token}/begin': 'signer-token',
  'POST /api/ceremonies/{token}/registration': 'signer-token',
  'POST /api/ceremonies/{token}/complete': 'signer-token',
  'POST /api/ceremonies/{token}/decline': 'signer-token',
  'GET /api/ceremonies/{token}/document': 'signer-token',
  'GET /api/ceremonies/{token}/events': 'signer-token',
  'GET /api/ceremonies/{token}/receipt': 'signer-token',
  'GET /api/ceremonies/{token}/evidence': 'signer-token',
  'GET /api/ledger/checkpoint': 'public',
  'GET /api/ledger/key': 'public',
  'GET /api/ledger/entries/{index}': 'public',
  'GET /api/ledger/proof/inclusion': 'public',
  'GET /api/ledger/proof/consistency': 'public',
  'GET /api/certificates': ['auditor'],
  'GET /api/certificates/chain': ['auditor'],
  'GET /api/certificates/{id}/records': ['auditor'],
  'POST /api/certificates/renew': ['admin'],
  'POST /api/certificates/{id}/revoke': ['admin'],
  'POST /api/certificates/csr': ['admin'],
  'POST /api/certificates/csr/{id}/chain': ['admin'],
  'POST /api/certificates/pkcs12': ['admin'],
  'POST /api/certificates/pkcs12/export': ['admin'],
  'POST /api/certificates/test-signature': ['admin'],
  'GET /api/certificates/owners': ['auditor'],
  'POST /api/certificates/owners': ['admin'],
  'DELETE /api/certificates/owners/{email}': ['admin'],
  'GET /api/operations': ['auditor'],
  'GET /api/operations/export': ['auditor'],
  'POST /api/auth/sign-in/options': 'public',
  'POST /api/auth/sign-in': 'public',
  'POST /api/auth/enrol/{token}/options': 'public',
  'POST /api/auth/enrol/{token}': 'public',
  'POST /api/auth/sign-out': ROLES,
  'POST /api/auth/sign-out-everywhere': ROLES,
  'GET /api/account': ROLES,
  'PATCH /api/account': ROLES,
  'POST /api/account/passkeys/options': ROLES,
  'POST /api/account/passkeys': ROLES,
  'DELETE /api/account/passkeys/{id}': ROLES,
  'GET /api/account/notify-email': ROLES,
  'PUT /api/account/notify-email': ROLES,
  'GET /api/admin/users': ['admin'],
  'PATCH /api/admin/users/{id}': ['admin'],
  'GET /api/admin/organization': ['admin'],
  'PUT /api/admin/organization': ['admin'],
  'GET /api/admin/invites': ['admin'],
  'POST /api/admin/invites': ['admin'],
  'DELETE /api/admin/invites/{id}': ['admin'],
  'GET /api/admin/api-keys': ['admin'],
  'POST /api/admin/api-keys': ['admin'],
  'DELETE /api/admin/api-keys/{id}': ['admin'],
  'GET /api/admin/webhooks': ['admin'],
  'POST /api/admin/webhooks': ['admin'],
  'PATCH /api/admin/webhooks/{id}': ['admin'],
  'DELETE /api/admin/webhooks/{id}': ['admin'],
  'GET /api/admin/webhooks/{id}/deliveries': ['admin'],
  'POST /api/admin/deliveries/{id}/retry': ['admin'],
};

/** Operations about a person's own passkeys and sessions: staff sessions only, API keys get FORBIDDEN. */
export const SESSION_ONLY = new Set(['POST /api/auth/sign-out-everywhere', 'PATCH /api/account', 'POST /api/account/passkeys/options', 'POST /api/account/passkeys', 'DELETE /api/account/passkeys/{id}']);

/** "who may call" in words, for the OpenAPI description and docs/api.md. */
export function describeAccess(access: RouteAccess): string {
  if (access === 'public') return 'public: anyone';
  if (access === 'signer-token') return 'signer-token: the signing token in the path alone';
  return `roles: ${[...new Set(['admin', ...access])].join(', ')}`;
}

import { z } from 'zod';
import { ERROR_CATALOGUE } from '../errors';
import { OPERATION_ACCESS, describeAccess } from './access';
import { addPasskeyBody, createApiKeyBody, createInviteBody, enrolBody, signInBody, updateStaffUserBody, updateAccountBody, enrolOptionsBody, updateOrganizationBody } from './auth-schemas';

type Json = Record<string, unknown>;

const toSchema = (s: z.ZodType): Json => z.toJSONSchema(s, { target: 'draft-2020-12', io: 'input' }) as Json;
const body = (s: z.ZodType): Json => ({ required: true, content: { 'application/json': { schema: toSchema(s) } } });
const errors = (...codes: (keyof typeof ERROR_CATALOGUE)[]): Json =>
  Object.fromEntries(codes.map((c) => [String(ERROR_CATALOGUE[c].status), { description: codes.filter((x) => ERROR_CATALOGUE[x].status === ERROR_CATALOGUE[c].status).join(', '), content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } }]));
const ok = (description: string, status = '200'): Json => ({ [status]: { description, content: { 'application/json': { schema: { type: 'object' } } } } });
const path = (name: string, description: string, pattern?: string): Json => ({ name, in: 'path', required: true, description, schema: pattern ? { type: 'string', pattern } : { type: 'string', format: 'uuid' } });
const linkToken = path('token', 'The token of a one-time setup or invite link.', '^iv_[A-Za-z0-9_-]{43}$');
const WEBAUTHN = ['CHALLENGE_UNKNOWN', 'CHALLENGE_EXPIRED', 'CHALLENGE_USED', 'ORIGIN_MISMATCH', 'RP_ID_MISMATCH', 'USER_VERIFICATION_REQUIRED', 'MALFORMED_ENCODING'] as const;
const INVITE = ['INVITE_UNKNOWN', 'INVITE_USED', 'INVITE_EXPIRED'] as const;

/** The staff sign-in, account and admin operations. */
export function authPaths(): Json {
  return {
    '/api/auth/sign-in/options': { post: { operationId: 'beginStaffSignIn', summary: 'Passkey sign-in options (discoverable credentials, UV required).', responses: ok('PublicKeyCredentialRequestOptionsJSON') } },
    '/api/auth/sign-in': {
      post: { operationId: 'finishStaffSignIn', summary: 'Verify the passkey assertion; sets the HttpOnly session cookie and the CSRF cookie.', requestBody: body(signInBody), responses: { ...ok('Signed in'), ...errors(...WEBAUTHN, 'PASSKEY_UNKNOWN', 'SIGNATURE_INVALID') } },
    },
    '/api/auth/enrol/{token}/options': {
      post: { operationId: 'beginEnrolment', summary: 'Passkey registration options for a setup or invite link. Optional body { name }: a setup link only, the first administrator\'s own name (send it again when finishing).', parameters: [linkToken], requestBody: { ...body(enrolOptionsBody), required: false }, responses: { ...ok('Who the link is for and PublicKeyCredentialCreationOptionsJSON'), ...errors(...INVITE, 'VALIDATION_FAILED') } },
    },
    '/api/auth/enrol/{token}': {
      post: { operationId: 'finishEnrolment', summary: 'Register the passkey, create the staff account, use up the link and sign in.', parameters: [linkToken], requestBody: body(enrolBody), responses: { ...ok('Enrolled', '201'), ...errors(...INVITE, ...WEBAUTHN, 'REGISTRATION_INVALID') } },
    },
    '/api/auth/sign-out': { post: { operationId: 'signOut', summary: 'End this session and clear its cookies.', responses: ok('Signed out') } },
    '/api/auth/sign-out-everywhere': { post: { operationId: 'signOutEverywhere', summary: 'End every session of the signed-in staff member.', responses: ok('{ revoked: number }') } },
    '/api/account': {
      get: { operationId: 'getAccount', summary: 'The caller: roles, passkeys and live sessions.', responses: ok('Account') },
      patch: { operationId: 'updateAccount', summary: 'Change your own display name, language (zh-CN, en) or time zone (IANA name); null follows the browser.', requestBody: body(updateAccountBody), responses: { ...ok('Updated'), ...errors('VALIDATION_FAILED') } },
    },
    '/api/account/passkeys/options': { post: { operationId: 'beginAddPasskey', summary: 'Registration options for an additional passkey.', responses: ok('PublicKeyCredentialCreationOptionsJSON') } },
    '/api/account/passkeys': { post: { operationId: 'finishAddPasskey', summary: 'Register an additional passkey.', requestBody: body(addPasskeyBody), responses: { ...ok('Added', '201'), ...errors(...WEBAUTHN, 'REGISTRATION_INVALID') } } },
    '/api/account/passkeys/{id}': {
      delete: { operationId: 'removePasskey', summary: 'Remove one of your passkeys; never the last.', parameters: [path('id', 'Passkey credential id (base64url).', '^[A-Za-z0-9_-]+$')], responses: { ...ok('Removed'), ...errors('NOT_FOUND', 'LAST_PASSKEY') } },
    },
    '/api/admin/users': { get: { operationId: 'listStaffUsers', summary: 'Staff accounts with their roles.', responses: ok('{ users }') } },
    '/api/admin/users/{id}': {
      patch: { operationId: 'updateStaffUser', summary: 'Change roles, the "sees all uploads" grant, or remove the account; never the last admin.', parameters: [path('id', 'Staff account id')], requestBody: body(updateStaffUserBody), responses: { ...ok('Updated'), ...errors('NOT_FOUND', 'LAST_ADMIN', 'VALIDATION_FAILED') } },
    },
    '/api/admin/invites': {
      get: { operationId: 'listInvites', summary: 'Recent setup and invite links (without their tokens).', responses: ok('{ invites }') },
      post: { operationId: 'createInvite', summary: `One-time enrolment link for a new staff member (valid INVITE_TTL_HOURS); the URL is shown once, and e-mailed to \`email\` when SMTP_URL is set (\`emailedTo\`).`, requestBody: body(createInviteBody), responses: { ...ok('Created', '201'), ...errors('VALIDATION_FAILED', 'EMAIL_INVALID') } },
    },
    '/api/admin/invites/{id}': { delete: { operationId: 'withdrawInvite', summary: 'Withdraw an unused invite link.', parameters: [path('id', 'Invite id')], responses: { ...ok('Withdrawn'), ...errors('NOT_FOUND') } } },
    '/api/admin/api-keys': {
      get: { operationId: 'listApiKeys', summary: 'API keys (name, roles, prefix, status; never the key).', responses: ok('{ apiKeys }') },
      post: { operationId: 'createApiKey', summary: 'Create an API key with roles and an optional expiry; the key is shown once, stored hashed.', requestBody: body(createApiKeyBody), responses: { ...ok('Created', '201'), ...errors('VALIDATION_FAILED') } },
    },
    '/api/admin/organization': {
      get: { operationId: 'getOrganization', summary: "The organisation's name in use and where it comes from (an administrator's setting or ORGANIZATION_NAME).", responses: ok('{ name, source, updatedAt }') },
      put: { operationId: 'updateOrganization', summary: 'Rename the organisation (1–64 characters). Passkey prompts use it at once; the next certificate issued (renewal, CSR) carries it in its subject, the active one keeps its own.', requestBody: body(updateOrganizationBody), responses: { ...ok('Updated'), ...errors('VALIDATION_FAILED') } },
    },
    '/api/admin/api-keys/{id}': { delete: { operationId: 'revokeApiKey', summary: 'Revoke an API key at once.', parameters: [path('id', 'API key id')], responses: { ...ok('Revoked'), ...errors('NOT_FOUND') } } },
  };
}

const ACCESS_ERRORS = errors('UNAUTHENTICATED', 'FORBIDDEN');

/**
 * States on every operation who may call it (`x-roles`, from OPERATION_ACCESS) and how
 * (`security`: the session cookie or a bearer API key; none for public and signer-token ones).
 */
export function withAccess(spec: Json): Json {
  const paths = spec.paths as Record<string, Record<string, Json>>;
  for (const [p, methods] of Object.entries(paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const access = OPERATION_ACCESS[`${method.toUpperCase()} ${p}`];
      if (!access) continue;
      op['x-roles'] = access === 'public' || access === 'signer-token' ? access : [...new Set(['admin', ...access])];
      op.description = [op.description, `Access: ${describeAccess(access)}.`].filter(Boolean).join(' ');
      if (access === 'public' || access === 'signer-token') op.security = [];
      else {
        op.security = [{ session: [] }, { bearer: [] }];
        op.responses = { ...ACCESS_ERRORS, ...(op.responses as Json) };
      }
    }
  }
  const components = (spec.components ?? {}) as Json;
  return {
    ...spec,
    components: {
      ...components,
      securitySchemes: {
        session: { type: 'apiKey', in: 'cookie', name: 'signet_session', description: 'Staff session (HttpOnly; `__Host-signet_session` over HTTPS). Changes also need Origin and the X-Signet-CSRF header.' },
        bearer: { type: 'http', scheme: 'bearer', description: 'An API key: `Authorization: Bearer sk_…`.' },
      },
    },
  };
}

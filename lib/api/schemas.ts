import { z } from 'zod';

/** The API's input shapes, shared by the route handlers and the OpenAPI document. */
export const uuidParam = z.string().uuid();
export const sha256Param = z.string().regex(/^[0-9a-f]{64}$/, 'expected 64 lower-case hex digits');
export const tokenParam = z.string().regex(/^[A-Za-z0-9_-]{16,64}$/);

const signerBody = z.object({
  name: z.string().trim().min(1).max(200),
  email: z.string().trim().email().max(254).nullish(),
  step: z.number().int().min(1).max(20).optional(),
});

/** Either `signers` (1–20, lib/signing/signer-list.ts) or the one-signer `signerName`/`signerEmail`. */
export const createSigningRequestBody = z.object({
  documentId: z.string().uuid(),
  title: z.string().trim().min(1).max(200),
  documentType: z.string().min(1).max(64),
  signers: z.array(signerBody).max(100).optional().describe('1 to 20 signers; more are refused with SIGNERS_INVALID.'),
  order: z.enum(['sequential', 'parallel']).optional().describe('sequential (default): steps 1, 2, 3 in list order; parallel: everyone in step 1. Omit when signers carry their own step.'),
  signerName: z.string().trim().min(1).max(200).optional(),
  signerEmail: z.string().trim().email().max(254).nullish(),
  requestedBy: z.string().trim().max(200).nullish(),
  expiresInHours: z.number().positive().max(24 * 90).optional(),
});

export { exportSigningRequestsQuery, listSigningRequestsQuery } from '../signing/request-filter';

const b64url = z.string().regex(/^[A-Za-z0-9_-]+$/, 'expected base64url');

/** The PublicKeyCredential JSON shape shared by both ceremonies; only `response` differs. */
function credentialBody<T extends z.ZodType>(response: T) {
  return z.object({
    response: z.object({
      id: b64url,
      rawId: b64url,
      type: z.literal('public-key'),
      clientExtensionResults: z.record(z.string(), z.unknown()).default({}),
      authenticatorAttachment: z.enum(['platform', 'cross-platform']).optional(),
      response,
    }),
  });
}

export const registrationResponseBody = credentialBody(
  z.object({
    clientDataJSON: b64url,
    attestationObject: b64url,
    authenticatorData: b64url.optional(),
    transports: z.array(z.string()).optional(),
    publicKeyAlgorithm: z.number().optional(),
    publicKey: b64url.optional(),
  }),
);

export const authenticationResponseBody = credentialBody(
  z.object({
    clientDataJSON: b64url,
    authenticatorData: b64url,
    signature: b64url,
    userHandle: b64url.optional(),
  }),
);

export const declineBody = z.object({ reason: z.string().max(1000).nullish() });

export const cancelRequestBody = z.object({ reason: z.string().max(1000) });
export const extendRequestBody = z.object({ expiresAt: z.string().datetime({ offset: true }) });
export const reRequestBody = z.object({ expiresInHours: z.number().positive().max(24 * 30).optional() });
/** Which signer's link to replace (their place id from the request's signers); the first waiting one when absent. */
export const reissueLinkBody = z.object({ signerId: z.string().uuid().optional() });

/** Upload metadata travels in headers so the body can be the raw file, streamed. */
export const UPLOAD_HEADERS = {
  sha256: 'x-signet-sha256',
  fileName: 'x-signet-filename',
} as const;

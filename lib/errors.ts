/**
 * The one error catalogue. Every API error is `{ "error": { "code", "message" } }` with a code from
 * this table; docs/api.md and the OpenAPI document are generated from it, so a code is never
 * invented at a call site.
 */
export const ERROR_CATALOGUE = {
  VALIDATION_FAILED: { status: 400, summary: 'A parameter or body field is missing or malformed.' },
  MALFORMED_JSON: { status: 400, summary: 'The request body is not valid JSON.' },
  MALFORMED_ENCODING: { status: 400, summary: 'A base64url or hex field does not decode.' },
  NOT_FOUND: { status: 404, summary: 'No such document, request or record.' },
  EMPTY_FILE: { status: 400, summary: 'The upload has no bytes.' },
  FILE_TOO_LARGE: { status: 413, summary: 'The upload exceeds the configured limit (UPLOAD_MAX_BYTES).' },
  HASH_MISMATCH: { status: 422, summary: 'The uploaded bytes do not hash to the SHA-256 the client claimed.' },
  UNKNOWN_DOCUMENT_TYPE: { status: 400, summary: 'The document type is not one of the configured DOCUMENT_TYPES.' },
  TOKEN_UNKNOWN: { status: 404, summary: 'The signing link is not valid (mistyped, or replaced by a new link).' },
  REQUEST_EXPIRED: { status: 410, summary: 'The signing request expired before it was signed.' },
  REQUEST_DECLINED: { status: 409, summary: 'The signer declined this request.' },
  REQUEST_ALREADY_SIGNED: { status: 409, summary: 'This request was already signed.' },
  REQUEST_CANCELLED: { status: 410, summary: 'Staff cancelled this signing request; its links no longer work.' },
  SIGNER_NOT_YET: { status: 409, summary: 'An earlier signer of this request has still to sign; this signer\'s turn has not come yet.' },
  SIGNERS_INVALID: { status: 400, summary: 'The signer list is empty, has more than 20 signers, lists one person twice, or its steps are out of order.' },
  REQUEST_STILL_LIVE: { status: 409, summary: 'Only a declined, expired or cancelled request can be re-requested; this one is still live or signed.' },
  NEW_PASSKEY_NOT_ALLOWED: { status: 409, summary: 'The signer already has a passkey; registering another is not allowed on this request.' },
  EXPIRY_OUT_OF_RANGE: { status: 400, summary: 'A new expiry must lie in the future and at most 30 days from now.' },
  REQUEST_NOT_SIGNABLE: { status: 409, summary: 'The request is not in a state that allows this action.' },
  REQUEST_NOT_SIGNED: { status: 409, summary: 'The request is not fully signed yet; a signing certificate exists only for a signed request.' },
  DOCUMENT_TAMPERED: { status: 409, summary: 'The stored document no longer hashes to the SHA-256 the request was made for.' },
  CREDENTIAL_REQUIRED: { status: 409, summary: 'The signer has no passkey yet; register one first.' },
  CHALLENGE_UNKNOWN: { status: 400, summary: 'The WebAuthn challenge was never issued by this server.' },
  CHALLENGE_EXPIRED: { status: 400, summary: 'The WebAuthn challenge is older than 5 minutes.' },
  CHALLENGE_USED: { status: 409, summary: 'The WebAuthn challenge was already used (replay).' },
  CHALLENGE_OTHER_REQUEST: { status: 400, summary: 'The WebAuthn challenge was issued for another signing request.' },
  WEBAUTHN_TYPE_MISMATCH: { status: 400, summary: 'clientDataJSON.type is not the expected ceremony type.' },
  ORIGIN_MISMATCH: { status: 400, summary: 'clientDataJSON.origin is not this server\'s ORIGIN.' },
  RP_ID_MISMATCH: { status: 400, summary: 'authenticatorData.rpIdHash is not SHA-256 of this server\'s RP_ID.' },
  USER_VERIFICATION_REQUIRED: { status: 400, summary: 'The authenticator did not verify the user (UV flag off).' },
  USER_PRESENCE_REQUIRED: { status: 400, summary: 'The authenticator did not test user presence (UP flag off).' },
  CREDENTIAL_UNKNOWN: { status: 400, summary: 'The passkey is not registered to the signer of this request.' },
  SIGNATURE_INVALID: { status: 400, summary: 'The WebAuthn signature does not verify with the registered public key.' },
  COUNTER_REGRESSION: { status: 400, summary: 'The authenticator signature counter went backwards (possible cloned key).' },
  REGISTRATION_INVALID: { status: 400, summary: 'The passkey registration response does not verify.' },
  UNSUPPORTED_ALGORITHM: { status: 400, summary: 'The passkey uses a public-key algorithm Signet does not accept.' },
  LEDGER_BAD_PARAMETER: { status: 400, summary: 'A ledger index or tree size is not a non-negative decimal integer.' },
  LEDGER_RANGE: { status: 400, summary: 'A ledger index or tree size lies beyond the log (index ≥ tree size, tree size > log size, from > to).' },
  LEDGER_EMPTY: { status: 404, summary: 'The signing ledger has no entries yet, so there is no checkpoint or key to serve.' },
  DATABASE_UNAVAILABLE: { status: 503, summary: 'The database did not answer.' },
  STARTING: { status: 503, summary: 'The server is still starting (migrations, first-start PKI and ledger); retry in a moment.' },
  INTERNAL: { status: 500, summary: 'An unexpected server error; the server log has details.' },
  // — pki —
  CERT_EXPIRED: { status: 409, summary: 'The organization signing certificate had expired at the signing time (its notAfter is in the past); renew it.' },
  CERT_NOT_YET_VALID: { status: 409, summary: 'The organization signing certificate is not yet valid at the signing time (its notBefore is in the future).' },
  CERT_REVOKED: { status: 409, summary: 'The organization signing certificate was revoked at or before the signing time; renew it.' },
  TSA_UNAVAILABLE: { status: 503, summary: 'The time-stamping authority did not return a usable RFC 3161 timestamp; nothing was signed.' },
  CHAIN_KEY_MISMATCH: { status: 400, summary: 'The certificate does not certify the given private key (public keys differ).' },
  CHAIN_UNTRUSTED: { status: 400, summary: 'The certificate chain does not lead to a trusted root (or one of its signatures does not verify).' },
  CERT_KEY_USAGE: { status: 400, summary: 'The certificate may not sign documents: keyUsage lacks digitalSignature and nonRepudiation.' },
  PKCS12_PASSWORD: { status: 400, summary: 'The PKCS#12 password is wrong (the integrity MAC or the key bag does not decrypt).' },
  MALFORMED_PEM: { status: 400, summary: 'The input is not PEM (or DER) of the expected kind: no parsable certificate, key or PKCS#12 data.' },
  KEY_ALGORITHM_UNSUPPORTED: { status: 400, summary: 'The key is not ECDSA P-256/P-384/P-521 or RSA (PKCS#1 v1.5), the algorithms Signet signs with.' },
  KEY_DECRYPT_FAILED: { status: 500, summary: 'An encrypted private key does not decrypt under the master key (wrong key, tampered or unknown format).' },
  MASTER_KEY_INVALID: { status: 500, summary: 'SIGNET_MASTER_KEY or the master key file is not 32 bytes of base64 or hex, or the file is readable by others.' },
  CERT_ACTIVATION_CONFLICT: { status: 409, summary: 'Another activation changed the active certificate first; reload and try again.' },
  CERT_NOT_FOUND: { status: 404, summary: 'No such certificate or certificate request.' },
  CERT_ALREADY_REVOKED: { status: 409, summary: 'The certificate was already revoked.' },
  PKCS12_PASSWORD_REQUIRED: { status: 400, summary: 'An export of the private key needs a password of at least 8 characters to encrypt it with.' },
  // — operation log, rate limits, uploads —
  RATE_LIMITED: { status: 429, summary: 'Too many requests from this client or for this signing link; retry after the Retry-After seconds.' },
  MEDIA_TYPE_MISMATCH: { status: 415, summary: 'The declared Content-Type contradicts what the uploaded bytes are.' },
  // — auth —
  UNAUTHENTICATED: { status: 401, summary: 'No valid session cookie or API key: sign in, or send Authorization: Bearer <key>.' },
  SESSION_EXPIRED: { status: 401, summary: 'The session ended (idle or absolute timeout, sign-out, or revoked); sign in again.' },
  API_KEY_INVALID: { status: 401, summary: 'The API key is unknown, revoked or expired.' },
  FORBIDDEN: { status: 403, summary: 'Signed in, but none of your roles may do this.' },
  CSRF_REJECTED: { status: 403, summary: 'A cookie-authenticated change without this site\'s Origin and CSRF token header.' },
  INVITE_UNKNOWN: { status: 404, summary: 'The setup or invite link is not valid (mistyped, or revoked).' },
  INVITE_USED: { status: 410, summary: 'The setup or invite link was already used; ask an admin for a new one.' },
  INVITE_EXPIRED: { status: 410, summary: 'The setup or invite link expired; ask an admin (or `npm run admin:invite`) for a new one.' },
  PASSKEY_UNKNOWN: { status: 401, summary: 'The passkey is not registered to any active staff account.' },
  LAST_PASSKEY: { status: 409, summary: 'This is the account\'s only passkey; add another before removing it.' },
  LAST_ADMIN: { status: 409, summary: 'This would leave no active admin; make someone else admin first.' },
  // — batches —
  BATCH_TOO_LARGE: { status: 400, summary: 'A batch holds at most 500 documents; this one would hold more.' },
  BATCH_EMPTY: { status: 400, summary: 'A batch needs at least one document.' },
  PRIORITY_UNKNOWN: { status: 400, summary: 'The priority is not one of urgent, high, normal, low.' },
  MANIFEST_INVALID: { status: 400, summary: 'The CSV manifest has a missing column, an unknown file name, a duplicate row or a formula in a cell; the message names each line.' },
  BATCH_NOT_OPEN: { status: 409, summary: 'The batch is complete or cancelled; its documents can no longer be added, reordered or cancelled.' },
  BATCH_ORDER_INVALID: { status: 400, summary: 'A reorder must list every document of the batch exactly once.' },
  QUEUE_TOKEN_UNKNOWN: { status: 404, summary: 'The batch queue link is not valid (mistyped, or the batch was cancelled).' },
  BATCH_STATEMENT_INVALID: { status: 400, summary: 'The documents to approve include one that is not this signer\'s in this batch, is not signable now, was declined, or is listed twice; nothing was signed.' },
  // — history exports —
  EXPORT_TOO_LARGE: { status: 413, summary: 'A PDF report holds at most 5,000 requests; narrow the filters, or export CSV, NDJSON or text (no limit).' },
  // — backup and restore —
  BACKUP_PASSPHRASE_REQUIRED: { status: 400, summary: 'A backup or restore needs a passphrase of at least 12 characters (BACKUP_PASSPHRASE or --passphrase-file).' },
  BACKUP_PASSPHRASE_WRONG: { status: 400, summary: 'The backup archive does not open with this passphrase (or its header is damaged).' },
  BACKUP_CORRUPT: { status: 400, summary: 'The backup archive is damaged or truncated; nothing was restored.' },
  BACKUP_INCOMPATIBLE: { status: 409, summary: 'The backup was made by another version of Signet (other migrations); restore with that version.' },
  BACKUP_FAILED: { status: 500, summary: 'The backup could not be completed (a referenced document blob is missing, or the target is not writable).' },
  RESTORE_TARGET_NOT_EMPTY: { status: 409, summary: 'A restore goes into an empty DATA_DIR and an empty database only; nothing was changed.' },
  UNKNOWN_ROLE: { status: 400, summary: 'A role is not one of admin, uploader, auditor.' },
  // — notifications —
  EMAIL_INVALID: { status: 400, summary: 'An e-mail address is not exactly one valid mailbox (or carries line breaks).' },
  WEBHOOK_URL_REFUSED: { status: 400, summary: 'The webhook URL is not http(s), carries credentials, or reaches a loopback or private address (allowed only with WEBHOOK_ALLOW_PRIVATE=true).' },
  WEBHOOK_EVENT_UNKNOWN: { status: 400, summary: 'An event in the webhook filter is not one Signet sends.' },
  DELIVERY_NOT_RETRYABLE: { status: 409, summary: 'Only a failed delivery can be retried; this one is pending or delivered.' },
} as const satisfies Record<string, { status: number; summary: string }>;

export type ErrorCode = keyof typeof ERROR_CATALOGUE;
export const ERROR_CODES = Object.keys(ERROR_CATALOGUE) as ErrorCode[];

const BRAND = Symbol.for('signet.AppError');

/** A domain failure with a stable code; the message says what was expected and what arrived. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly [BRAND] = true;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'AppError';
    this.code = code;
    this.status = ERROR_CATALOGUE[code].status;
  }
}

/**
 * Recognises an AppError by a global brand rather than instanceof: the bundler may load this module
 * more than once in one server process, and each copy has its own class.
 */
export function isAppError(e: unknown): e is AppError {
  return typeof e === 'object' && e !== null && (e as { [BRAND]?: boolean })[BRAND] === true;
}

/** The JSON body of an error response. */
export interface ErrorBody {
  error: { code: ErrorCode; message: string };
}

export function errorBody(e: AppError): ErrorBody {
  return { error: { code: e.code, message: e.message } };
}

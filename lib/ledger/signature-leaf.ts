import { fromB64u, utf8 } from '../encoding';
import { sha256Hex as hashHex } from '../hash';
import { LedgerError } from './ledger-error';

/** First line of a signature leaf; separates these bytes from any other text Signet hashes. */
export const SIGNATURE_LEAF_DOMAIN = 'signet.ledger.signature/v1';

/**
 * What a signature leaf commits to. Byte strings are base64url (unpadded) exactly as stored and as
 * carried in the evidence bundle; the leaf holds the SHA-256 of their decoded bytes, so the log
 * stays small while any change to a stored byte changes the leaf.
 */
export interface SignatureLeafInput {
  recordId: string;
  requestId: string;
  signerId: string;
  /** ISO 8601 UTC with milliseconds, as Date.toISOString() writes it. */
  signedAt: string;
  documentSha256: string;
  credentialId: string;
  statement: string;
  clientDataJSON: string;
  authenticatorData: string;
  signature: string;
  publicKey: string;
}

const ID = /^[A-Za-z0-9._-]{1,128}$/;
const B64URL = /^[A-Za-z0-9_-]*$/;
const ISO_MS = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
const HEX64 = /^[0-9a-f]{64}$/;

const sha256Hex = (b64url: string): string => hashHex(fromB64u(b64url));

/**
 * The canonical leaf bytes for one signature record, the single definition shared by the appender
 * (lib/audit/append-signature.ts), the evidence verifier and `npm run audit:verify`:
 *
 *   signet.ledger.signature/v1
 *   record-id:<id>
 *   request-id:<id>
 *   signer-id:<id>
 *   signed-at:<ISO 8601 UTC, milliseconds>
 *   document-sha256:<hex>
 *   credential-id:<base64url as received>
 *   statement-sha256:<hex SHA-256 of the statement bytes>
 *   client-data-json-sha256:<hex>
 *   authenticator-data-sha256:<hex>
 *   signature-sha256:<hex>
 *   public-key-sha256:<hex SHA-256 of the SPKI DER>
 *
 * ASCII, "name:value", LF after every line. Every value is checked against a character set without
 * ':' or line breaks, so two different records can never produce the same bytes. Throws
 * INVALID_ARGUMENT naming the field that is not in canonical form.
 */
export function encodeSignatureLeaf(input: SignatureLeafInput): Uint8Array {
  const field = (name: string, value: string, pattern: RegExp): string => {
    if (!pattern.test(value)) throw new LedgerError('INVALID_ARGUMENT', `expected the signature leaf's ${name} in canonical form (${pattern.source}), got ${JSON.stringify(value.slice(0, 80))}`);
    return `${name}:${value}`;
  };
  const bytes = (name: string, value: string): string => {
    if (!B64URL.test(value)) throw new LedgerError('INVALID_ARGUMENT', `expected the signature leaf's ${name} as unpadded base64url, got ${JSON.stringify(value.slice(0, 80))}`);
    return `${name}-sha256:${sha256Hex(value)}`;
  };
  const lines = [
    SIGNATURE_LEAF_DOMAIN,
    field('record-id', input.recordId, ID),
    field('request-id', input.requestId, ID),
    field('signer-id', input.signerId, ID),
    field('signed-at', input.signedAt, ISO_MS),
    field('document-sha256', input.documentSha256, HEX64),
    field('credential-id', input.credentialId, /^[A-Za-z0-9_-]+$/),
    bytes('statement', input.statement),
    bytes('client-data-json', input.clientDataJSON),
    bytes('authenticator-data', input.authenticatorData),
    bytes('signature', input.signature),
    bytes('public-key', input.publicKey),
  ];
  return utf8(`${lines.join('\n')}\n`);
}

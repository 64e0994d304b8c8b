import { LedgerError } from './ledger-error';

/** First line of a certificate lifecycle leaf; distinct from signature-leaf.ts's type tag. */
export const CERTIFICATE_LEAF_DOMAIN = 'signet.ledger.certificate/v1';

/** issue: created by the first-start PKI; activate: a renewal or import became active; revoke. */
export type CertificateEvent = 'issue' | 'activate' | 'revoke';

/** What a certificate lifecycle leaf commits to. Times are ISO 8601 UTC with milliseconds. */
export interface CertificateLeafInput {
  eventId: string;
  event: CertificateEvent;
  certificateId: string;
  /** root | signing | tsa */
  role: string;
  /** SHA-256 of the certificate DER, lowercase hex. */
  fingerprint: string;
  /** Serial number, lowercase hex. */
  serial: string;
  subject: string;
  notBefore: string;
  notAfter: string;
  /** When the event happened. */
  at: string;
  /** revoke only: the reason given and the time from which the key is no longer trusted. */
  revocation?: { reason: string; revokedAt: string };
}

const ID = /^[A-Za-z0-9._-]{1,128}$/;
const ISO_MS = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
const HEX64 = /^[0-9a-f]{64}$/;
const SERIAL = /^[0-9a-f]{1,80}$/;
const EVENTS: readonly string[] = ['issue', 'activate', 'revoke'];

/** JSON string with every non-ASCII character escaped (\uXXXX), so free text stays one ASCII line. */
const asciiJson = (text: string): string =>
  JSON.stringify(text).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

/**
 * The canonical leaf bytes for one certificate lifecycle event, shared by the appender
 * (lib/audit/append-certificate-event.ts) and `npm run audit:verify`:
 *
 *   signet.ledger.certificate/v1
 *   event:<issue | activate | revoke>
 *   event-id:<id>
 *   certificate-id:<id>
 *   role:<root | signing | tsa>
 *   fingerprint-sha256:<hex SHA-256 of the DER>
 *   serial:<hex>
 *   subject:<JSON string, ASCII>
 *   not-before:<ISO 8601 UTC, milliseconds>
 *   not-after:<ISO 8601 UTC, milliseconds>
 *   at:<ISO 8601 UTC, milliseconds>
 *   revocation-reason:<JSON string, ASCII>      (revoke only)
 *   revoked-at:<ISO 8601 UTC, milliseconds>     (revoke only)
 *
 * Same shape as the signature leaf: ASCII, "name:value", LF after every line, and a first line
 * naming the type, so a certificate leaf can never be read as a signature leaf or the reverse.
 * Identifiers are checked against character sets without ':' or line breaks; free text (subject,
 * reason) is a JSON string, which cannot hold a raw line break. Throws INVALID_ARGUMENT naming the
 * field that is not in canonical form.
 */
export function encodeCertificateLeaf(input: CertificateLeafInput): Uint8Array {
  const field = (name: string, value: string, pattern: RegExp): string => {
    if (!pattern.test(value)) throw new LedgerError('INVALID_ARGUMENT', `expected the certificate leaf's ${name} in canonical form (${pattern.source}), got ${JSON.stringify(value.slice(0, 80))}`);
    return `${name}:${value}`;
  };
  if (!EVENTS.includes(input.event)) throw new LedgerError('INVALID_ARGUMENT', `expected the certificate leaf's event to be one of ${EVENTS.join(', ')}, got ${JSON.stringify(String(input.event).slice(0, 40))}`);
  if ((input.event === 'revoke') !== (input.revocation !== undefined)) {
    throw new LedgerError('INVALID_ARGUMENT', `expected a revocation reason and time exactly when the event is revoke, got event ${input.event} ${input.revocation ? 'with' : 'without'} them`);
  }
  const lines = [
    CERTIFICATE_LEAF_DOMAIN,
    `event:${input.event}`,
    field('event-id', input.eventId, ID),
    field('certificate-id', input.certificateId, ID),
    field('role', input.role, /^[a-z]{1,32}$/),
    field('fingerprint-sha256', input.fingerprint, HEX64),
    field('serial', input.serial, SERIAL),
    `subject:${asciiJson(input.subject)}`,
    field('not-before', input.notBefore, ISO_MS),
    field('not-after', input.notAfter, ISO_MS),
    field('at', input.at, ISO_MS),
  ];
  if (input.revocation) {
    lines.push(`revocation-reason:${asciiJson(input.revocation.reason)}`, field('revoked-at', input.revocation.revokedAt, ISO_MS));
  }
  return new Uint8Array(Buffer.from(`${lines.join('\n')}\n`, 'ascii'));
}

/** The type tag (first line) of any leaf's bytes, e.g. "signet.ledger.signature/v1". */
export function leafDomain(data: Uint8Array): string {
  const text = Buffer.from(data.buffer, data.byteOffset, data.length).toString('latin1');
  const end = text.indexOf('\n');
  return end < 0 ? text.slice(0, 80) : text.slice(0, end);
}

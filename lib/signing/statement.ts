/**
 * The statement a signer's passkey signs. WebAuthn lets the relying party choose the challenge, so
 * Signet makes it SHA-256 of this text: the assertion's signature (over authenticatorData ‖
 * SHA-256(clientDataJSON), and clientDataJSON contains the challenge) thereby commits to the
 * document hash. The first line separates this domain from any other use of the same key.
 *
 * Canonical form: the lines of its version in this order, "name:value", LF after each, ASCII only,
 * no spaces. Every value is drawn from a character set without ':' or line breaks, so the encoding
 * is unambiguous and a verifier can parse it with a line split.
 *
 * v1 (a request with one signer): document-sha256, request-id, signer-id, nonce, issued-at.
 * v2 (several signers, docs/evidence.md): adds after signer-id the signer's step, the SHA-256 of
 * the request's signer roster (lib/signing/roster.ts) and prior-leaves: the RFC 9162 leaf hashes
 * (lowercase hex, SHA-256(0x00 ‖ leaf data)) of every signature recorded on the request before this
 * statement was issued, in ledger order, comma-separated, or "none". So the order of signing is
 * itself signed.
 */
export const STATEMENT_DOMAIN = 'signet.statement/v1';
export const STATEMENT_DOMAIN_V2 = 'signet.statement/v2';

export interface Statement {
  documentSha256: string;
  requestId: string;
  signerId: string;
  /** v2 only. */
  step?: string;
  /** v2 only: hex SHA-256 of the roster. */
  signersSha256?: string;
  /** v2 only: "none" or comma-separated lowercase hex leaf hashes. */
  priorLeaves?: string;
  /** base64url of 32 random bytes from the server. */
  nonce: string;
  /** ISO 8601 UTC with milliseconds. */
  issuedAt: string;
}

type Field = [keyof Statement, string, RegExp];

const HEAD: Field[] = [
  ['documentSha256', 'document-sha256', /^[0-9a-f]{64}$/],
  ['requestId', 'request-id', /^[0-9a-f-]{36}$/],
  ['signerId', 'signer-id', /^[0-9a-f-]{36}$/],
];
const TAIL: Field[] = [
  ['nonce', 'nonce', /^[A-Za-z0-9_-]{16,}$/],
  ['issuedAt', 'issued-at', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/],
];
const V2: Field[] = [
  ['step', 'step', /^[1-9][0-9]?$/],
  ['signersSha256', 'signers-sha256', /^[0-9a-f]{64}$/],
  ['priorLeaves', 'prior-leaves', /^(none|[0-9a-f]{64}(,[0-9a-f]{64})*)$/],
];
const FIELDS: Record<string, Field[]> = { [STATEMENT_DOMAIN]: [...HEAD, ...TAIL], [STATEMENT_DOMAIN_V2]: [...HEAD, ...V2, ...TAIL] };

/** The statement's version line: v2 when it carries the multi-signer fields. */
export function statementDomain(s: Statement): string {
  return s.step !== undefined || s.signersSha256 !== undefined || s.priorLeaves !== undefined ? STATEMENT_DOMAIN_V2 : STATEMENT_DOMAIN;
}

export function encodeStatement(s: Statement): Uint8Array<ArrayBuffer> {
  const domain = statementDomain(s);
  const lines = [domain];
  for (const [key, name, pattern] of FIELDS[domain]!) {
    const value = s[key];
    if (value === undefined || !pattern.test(value)) throw new Error(`statement ${name}: value "${value}" is not in canonical form`);
    lines.push(`${name}:${value}`);
  }
  return new TextEncoder().encode(lines.join('\n') + '\n');
}

/** The prior-leaves field as a list of hex hashes ([] for "none"). */
export function priorLeafList(s: Statement): string[] {
  return !s.priorLeaves || s.priorLeaves === 'none' ? [] : s.priorLeaves.split(',');
}

/** Parses statement bytes (v1 or v2); returns null unless they are exactly the canonical encoding. */
export function decodeStatement(bytes: Uint8Array): Statement | null {
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  const lines = text.split('\n');
  const fields = FIELDS[lines[0] ?? ''];
  if (!fields || lines.length !== fields.length + 2 || lines[lines.length - 1] !== '') return null;
  const out: Partial<Statement> = {};
  for (let i = 0; i < fields.length; i++) {
    const [key, name, pattern] = fields[i]!;
    const line = lines[i + 1]!;
    const prefix = `${name}:`;
    if (!line.startsWith(prefix)) return null;
    const value = line.slice(prefix.length);
    if (!pattern.test(value)) return null;
    out[key] = value;
  }
  const statement = out as Statement;
  // Round-trip: only the canonical bytes are accepted.
  const again = encodeStatement(statement);
  if (again.length !== bytes.length || again.some((b, i) => b !== bytes[i])) return null;
  return statement;
}

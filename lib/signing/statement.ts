/**
 * The statement a signer's passkey signs. WebAuthn lets the relying party choose the challenge, so
 * Signet makes it SHA-256 of this text: the assertion's signature (over authenticatorData ‖
 * SHA-256(clientDataJSON), and clientDataJSON contains the challenge) thereby commits to the
 * document hash. The first line separates this domain from any other use of the same key.
 *
 * Canonical form: these six lines in this order, "name:value", LF after each, ASCII only, no
 * spaces. Every value is drawn from a character set without ':' line breaks, so the encoding is
 * unambiguous and a verifier can parse it with a line split.
 */
export const STATEMENT_DOMAIN = 'signet.statement/v1';

export interface Statement {
  documentSha256: string;
  requestId: string;
  signerId: string;
  /** base64url of 32 random bytes from the server. */
  nonce: string;
  /** ISO 8601 UTC with milliseconds. */
  issuedAt: string;
}

const FIELDS: [keyof Statement, string, RegExp][] = [
  ['documentSha256', 'document-sha256', /^[0-9a-f]{64}$/],
  ['requestId', 'request-id', /^[0-9a-f-]{36}$/],
  ['signerId', 'signer-id', /^[0-9a-f-]{36}$/],
  ['nonce', 'nonce', /^[A-Za-z0-9_-]{16,}$/],
  ['issuedAt', 'issued-at', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/],
];

export function encodeStatement(s: Statement): Uint8Array<ArrayBuffer> {
  const lines = [STATEMENT_DOMAIN];
  for (const [key, name, pattern] of FIELDS) {
    if (!pattern.test(s[key])) throw new Error(`statement ${name}: value "${s[key]}" is not in canonical form`);
    lines.push(`${name}:${s[key]}`);
  }
  return new TextEncoder().encode(lines.join('\n') + '\n');
}

/** Parses statement bytes; returns null unless they are exactly the canonical encoding. */
export function decodeStatement(bytes: Uint8Array): Statement | null {
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  const lines = text.split('\n');
  if (lines.length !== FIELDS.length + 2 || lines[0] !== STATEMENT_DOMAIN || lines[lines.length - 1] !== '') return null;
  const out: Partial<Statement> = {};
  for (let i = 0; i < FIELDS.length; i++) {
    const [key, name, pattern] = FIELDS[i]!;
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

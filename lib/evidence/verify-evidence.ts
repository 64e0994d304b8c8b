import { createHash, createPublicKey, constants, verify, type KeyObject } from 'node:crypto';
import { parseAuthenticatorData } from '@simplewebauthn/server/helpers';
import { decodeStatement } from '../signing/statement';
import { EVIDENCE_VERSION, evidenceSchema, type EvidenceBundle } from './evidence-format';

export interface Check {
  name: string;
  ok: boolean;
  detail: string;
}

export interface VerificationReport {
  ok: boolean;
  checks: Check[];
}

const b64u = (s: string): Buffer => Buffer.from(s, 'base64url');
const sha256 = (data: Uint8Array | string): Buffer => createHash('sha256').update(data).digest();

/** The key type each COSE algorithm needs; node:crypto would otherwise verify by the key's own type. */
const KEY_TYPE: Record<number, string> = { [-7]: 'ec', [-35]: 'ec', [-36]: 'ec', [-8]: 'ed25519', [-257]: 'rsa', [-37]: 'rsa' };

/** COSE algorithm → how node:crypto verifies it (RFC 9053, RFC 8812; WebAuthn §6.5.6). */
function verifyWith(alg: number, key: KeyObject, data: Buffer, sig: Buffer): boolean {
  if (KEY_TYPE[alg] !== undefined && key.asymmetricKeyType !== KEY_TYPE[alg]) {
    throw new Error(`expected a public key of type ${KEY_TYPE[alg]} for COSE algorithm ${alg}, the key is ${String(key.asymmetricKeyType)}`);
  }
  switch (alg) {
    case -7:
      return verify('sha256', data, key, sig); // ES256, signature is ASN.1 DER
    case -35:
      return verify('sha384', data, key, sig);
    case -36:
      return verify('sha512', data, key, sig);
    case -8:
      return verify(null, data, key, sig); // EdDSA (Ed25519)
    case -257:
      return verify('sha256', data, key, sig); // RS256, PKCS#1 v1.5
    case -37:
      return verify('sha256', data, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }, sig);
    default:
      throw new Error(`unsupported COSE algorithm ${alg}`);
  }
}

/**
 * Verifies an evidence bundle with no server and no database: every step of docs/evidence.md, each
 * reported by name. `documentSha256` (hex), when given, is the hash of the document the verifier
 * holds.
 */
export function verifyEvidence(input: unknown, options: { documentSha256?: string } = {}): VerificationReport {
  const checks: Check[] = [];
  const add = (name: string, ok: boolean, detail: string) => checks.push({ name, ok, detail });
  const attempt = (name: string, fn: () => string) => {
    try {
      add(name, true, fn());
    } catch (e) {
      add(name, false, (e as Error).message);
    }
  };

  const parsed = evidenceSchema.safeParse(input);
  if (!parsed.success) {
    add('format', false, `expected a ${EVIDENCE_VERSION} bundle: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`);
    return { ok: false, checks };
  }
  const bundle: EvidenceBundle = parsed.data;
  add('format', true, EVIDENCE_VERSION);
  const wa = bundle.webauthn;

  const statementBytes = b64u(bundle.statement);
  const statement = decodeStatement(statementBytes);
  attempt('statement', () => {
    if (!statement) throw new Error('expected the canonical signet.statement/v1 encoding, the bytes are not');
    return 'canonical signet.statement/v1';
  });
  attempt('statement names the document', () => {
    if (statement?.documentSha256 !== bundle.record.document.sha256) {
      throw new Error(`expected document-sha256 ${bundle.record.document.sha256}, statement has ${statement?.documentSha256 ?? 'none'}`);
    }
    if (statement.requestId !== bundle.record.requestId) throw new Error(`expected request-id ${bundle.record.requestId}, statement has ${statement.requestId}`);
    if (statement.signerId !== bundle.record.signer.id) throw new Error(`expected signer-id ${bundle.record.signer.id}, statement has ${statement.signerId}`);
    return `document ${statement.documentSha256}, request ${statement.requestId}, signer ${statement.signerId}`;
  });

  const clientDataBytes = b64u(wa.clientDataJSON);
  let clientData: { type?: unknown; challenge?: unknown; origin?: unknown } = {};
  attempt('clientDataJSON', () => {
    clientData = JSON.parse(clientDataBytes.toString('utf8')) as typeof clientData;
    return 'parses as JSON';
  });
  attempt('challenge = SHA-256(statement)', () => {
    const expected = sha256(statementBytes).toString('base64url');
    if (clientData.challenge !== expected) throw new Error(`expected challenge ${expected}, clientDataJSON has ${String(clientData.challenge)}`);
    return expected;
  });
  attempt('type', () => {
    if (clientData.type !== 'webauthn.get') throw new Error(`expected "webauthn.get", got "${String(clientData.type)}"`);
    return 'webauthn.get';
  });
  attempt('origin', () => {
    if (clientData.origin !== wa.origin) throw new Error(`expected origin "${wa.origin}", clientDataJSON has "${String(clientData.origin)}"`);
    return wa.origin;
  });

  const authData = b64u(wa.authenticatorData);
  attempt('rpIdHash = SHA-256(rpId)', () => {
    const parsedAuth = parseAuthenticatorData(new Uint8Array(authData));
    const expected = sha256(wa.rpId);
    if (!expected.equals(Buffer.from(parsedAuth.rpIdHash))) throw new Error(`expected ${expected.toString('hex')} for "${wa.rpId}", got ${Buffer.from(parsedAuth.rpIdHash).toString('hex')}`);
    return wa.rpId;
  });
  attempt('user present and verified', () => {
    const { flags } = parseAuthenticatorData(new Uint8Array(authData));
    if (!flags.up || !flags.uv) throw new Error(`expected UP and UV set, got UP=${flags.up ? 1 : 0} UV=${flags.uv ? 1 : 0}`);
    return 'UP=1 UV=1';
  });
  attempt('signature', () => {
    const key = createPublicKey({ key: b64u(wa.publicKey), format: 'der', type: 'spki' });
    const signed = Buffer.concat([authData, sha256(clientDataBytes)]);
    if (!verifyWith(wa.algorithm, key, signed, b64u(wa.signature))) {
      throw new Error('expected the signature over authenticatorData ‖ SHA-256(clientDataJSON) to verify with the public key; it does not');
    }
    return `COSE alg ${wa.algorithm} over authenticatorData ‖ SHA-256(clientDataJSON)`;
  });

  if (options.documentSha256 !== undefined) {
    attempt('document', () => {
      if (options.documentSha256 !== bundle.record.document.sha256) {
        throw new Error(`expected the document to hash to ${bundle.record.document.sha256}, the given file hashes to ${options.documentSha256}`);
      }
      return `file hashes to ${options.documentSha256}`;
    });
  }

  const known = new Set(['version', 'record', 'statement', 'webauthn']);
  const unknown = Object.keys(input as object).filter((k) => !known.has(k));
  if (unknown.length > 0) add('other members', true, `not checked by this verifier version: ${unknown.join(', ')}`);

  return { ok: checks.every((c) => c.ok), checks };
}

import { parseAuthenticatorData } from '@simplewebauthn/server/helpers';
import { b64u as b64uOf, concatBytes, fromB64u, fromUtf8, toHex } from '../encoding';
import { sha256 } from '../hash';
import { hashesEqual, hashLeaf } from '../ledger/merkle-hash';
import { encodeSignatureLeaf } from '../ledger/signature-leaf';
import { verifyCheckpoint } from '../ledger/verify-checkpoint';
import { verifyInclusion } from '../ledger/verify-inclusion';
import type { ParsedCheckpoint } from '../ledger/checkpoint';
import { BATCH_APPROVAL_DOMAIN, decodeBatchApproval, verifyBatchItem } from '../batches/batch-statement';
import { decodeStatement, statementDomain } from '../signing/statement';
import { EVIDENCE_VERSION, evidenceSchema, type EvidenceBundle } from './evidence-format';
import { verifySpkiSignature } from './verify-spki-signature';

/*
 * Shared by `npm run verify` and the browser's /verify page: no node:* and no Buffer anywhere in
 * this file's imports (eslint.config.mjs enforces it), so both run the very same checks.
 */

export interface Check {
  name: string;
  ok: boolean;
  detail: string;
}

export interface VerificationReport {
  ok: boolean;
  checks: Check[];
}

const b64u = (s: string): Uint8Array<ArrayBuffer> => fromB64u(s);

export interface VerifyEvidenceOptions {
  /** Hex SHA-256 of the document the verifier holds. */
  documentSha256?: string;
  /**
   * The ledger's note verifier key as the verifier obtained it independently (GET /api/ledger/key
   * once, a config file): the bundle's own ledger.verifierKey must equal it.
   */
  ledgerKey?: string;
}

/**
 * Verifies an evidence bundle with no server and no database: every step of docs/evidence.md, each
 * reported by name. `documentSha256` (hex), when given, is the hash of the document the verifier
 * holds.
 */
export async function verifyEvidence(input: unknown, options: VerifyEvidenceOptions = {}): Promise<VerificationReport> {
  const checks: Check[] = [];
  const add = (name: string, ok: boolean, detail: string) => checks.push({ name, ok, detail });
  const attempt = (name: string, fn: () => string) => {
    try {
      add(name, true, fn());
    } catch (e) {
      add(name, false, (e as Error).message);
    }
  };
  const attemptAsync = async (name: string, fn: () => Promise<string>) => {
    try {
      add(name, true, await fn());
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
  if (decodeBatchApproval(statementBytes)) checkBatchItem(bundle, statementBytes, attempt);
  else checkStatement(bundle, statementBytes, attempt);

  const clientDataBytes = b64u(wa.clientDataJSON);
  let clientData: { type?: unknown; challenge?: unknown; origin?: unknown } = {};
  attempt('clientDataJSON', () => {
    clientData = JSON.parse(fromUtf8(clientDataBytes)) as typeof clientData;
    return 'parses as JSON';
  });
  attempt('challenge = SHA-256(statement)', () => {
    const expected = b64uOf(sha256(statementBytes));
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
    if (!hashesEqual(expected, parsedAuth.rpIdHash)) throw new Error(`expected ${toHex(expected)} for "${wa.rpId}", got ${toHex(parsedAuth.rpIdHash)}`);
    return wa.rpId;
  });
  attempt('user present and verified', () => {
    const { flags } = parseAuthenticatorData(new Uint8Array(authData));
    if (!flags.up || !flags.uv) throw new Error(`expected UP and UV set, got UP=${flags.up ? 1 : 0} UV=${flags.uv ? 1 : 0}`);
    return 'UP=1 UV=1';
  });
  await attemptAsync('signature', async () => {
    const signed = concatBytes(authData, sha256(clientDataBytes));
    if (!(await verifySpkiSignature(wa.algorithm, b64u(wa.publicKey), signed, b64u(wa.signature)))) {
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

  if (bundle.ledger) checkLedger(bundle, options, attempt);

  // payload, cms, certificates, timestamp: checked by verifyBundle (verify-countersignature-member.ts).
  const known = new Set(['version', 'record', 'statement', 'webauthn', 'ledger', 'batch', 'payload', 'cms', 'certificates', 'timestamp']);
  const unknown = Object.keys(input as object).filter((k) => !known.has(k));
  if (unknown.length > 0) add('other members', true, `not checked by this verifier version: ${unknown.join(', ')}`);

  return { ok: checks.every((c) => c.ok), checks };
}

type Attempt = (name: string, fn: () => string) => void;

/** A single document's statement (lib/signing/statement.ts) names the record's document, request and signer. */
function checkStatement(bundle: EvidenceBundle, statementBytes: Uint8Array, attempt: Attempt): void {
  const statement = decodeStatement(statementBytes);
  attempt('statement', () => {
    if (!statement) throw new Error('expected the canonical signet.statement/v1 or /v2 encoding, the bytes are not');
    return `canonical ${statementDomain(statement)}`;
  });
  attempt('statement names the document', () => {
    if (statement?.documentSha256 !== bundle.record.document.sha256) {
      throw new Error(`expected document-sha256 ${bundle.record.document.sha256}, statement has ${statement?.documentSha256 ?? 'none'}`);
    }
    if (statement.requestId !== bundle.record.requestId) throw new Error(`expected request-id ${bundle.record.requestId}, statement has ${statement.requestId}`);
    if (statement.signerId !== bundle.record.signer.id) throw new Error(`expected signer-id ${bundle.record.signer.id}, statement has ${statement.signerId}`);
    return `document ${statement.documentSha256}, request ${statement.requestId}, signer ${statement.signerId}`;
  });
}

/**
 * One approval over many documents (lib/batches/batch-statement.ts): the statement is a canonical
 * batch approval of this signer, and the bundle's own item names this record's request and
 * document hash and leads by its inclusion path to the root the signed statement commits to.
 */
function checkBatchItem(bundle: EvidenceBundle, statementBytes: Uint8Array, attempt: Attempt): void {
  const approval = decodeBatchApproval(statementBytes)!;
  attempt('statement', () => {
    if (approval.signerId !== bundle.record.signer.id) throw new Error(`expected signer-id ${bundle.record.signer.id}, the approval has ${approval.signerId}`);
    return `canonical ${BATCH_APPROVAL_DOMAIN}: ${approval.count} document${approval.count === 1 ? '' : 's'} of batch ${approval.batchId}`;
  });
  attempt('batch approval covers the document', () => {
    const batch = bundle.batch;
    if (!batch) throw new Error('expected a batch member (item, index, inclusion path) with a batch approval statement');
    verifyBatchItem(statementBytes, b64u(batch.item), batch.index, batch.path.map(b64u), {
      documentSha256: bundle.record.document.sha256,
      requestId: bundle.record.requestId,
      signerId: bundle.record.signer.id,
    });
    return `item ${batch.index + 1} of ${approval.count} names document ${bundle.record.document.sha256}, request ${bundle.record.requestId}; its path leads to root ${approval.rootHex.slice(0, 16)}…`;
  });
}

/**
 * The ledger member: its leaf is exactly the canonical leaf of this bundle's own record and
 * WebAuthn bytes, the checkpoint is signed by the verifier key, and the inclusion proof leads from
 * that leaf to the checkpoint's root at the checkpoint's size (never the bundle's unsigned copies).
 */
function checkLedger(bundle: EvidenceBundle, options: VerifyEvidenceOptions, attempt: Attempt): void {
  const ledger = bundle.ledger!;
  const wa = bundle.webauthn;
  const leafData = b64u(ledger.leafData);
  attempt('ledger entry = canonical leaf', () => {
    const expected = encodeSignatureLeaf({
      recordId: bundle.record.id,
      requestId: bundle.record.requestId,
      signerId: bundle.record.signer.id,
      signedAt: bundle.record.signedAt,
      documentSha256: bundle.record.document.sha256,
      credentialId: wa.credentialId,
      statement: bundle.statement,
      clientDataJSON: wa.clientDataJSON,
      authenticatorData: wa.authenticatorData,
      signature: wa.signature,
      publicKey: wa.publicKey,
    });
    if (!hashesEqual(expected, leafData)) {
      throw new Error(`expected ledger.leafData to be the signet.ledger.signature/v1 leaf of this bundle's record and WebAuthn bytes; it differs at byte ${firstDifference(expected, leafData)}`);
    }
    return `leaf ${ledger.index}, ${leafData.length} bytes`;
  });
  let checkpoint: ParsedCheckpoint | undefined;
  attempt('ledger checkpoint signature', () => {
    if (options.ledgerKey !== undefined && options.ledgerKey !== ledger.verifierKey) {
      throw new Error(`expected the bundle's verifier key to be the trusted ${options.ledgerKey}, it is ${ledger.verifierKey}`);
    }
    checkpoint = verifyCheckpoint(ledger.checkpoint, ledger.verifierKey);
    const root = b64uOf(checkpoint.rootHash);
    if (checkpoint.treeSize !== ledger.treeSize || root !== ledger.rootHash) {
      throw new Error(`expected ledger.treeSize ${checkpoint.treeSize} and rootHash ${root} as the checkpoint signs them, the bundle says ${ledger.treeSize} and ${ledger.rootHash}`);
    }
    return `${checkpoint.origin}, tree size ${checkpoint.treeSize}, signed by ${ledger.verifierKey.split('+').slice(0, 2).join('+')}${options.ledgerKey === undefined ? ' (key taken from the bundle)' : ' (trusted key)'}`;
  });
  attempt('ledger inclusion proof', () => {
    if (!checkpoint) throw new Error('expected a verified checkpoint to check the proof against; the checkpoint did not verify');
    verifyInclusion(hashLeaf(leafData), ledger.index, checkpoint.treeSize, ledger.inclusionProof.map(b64u), checkpoint.rootHash);
    return `leaf ${ledger.index} is in the tree of ${checkpoint.treeSize} leaves`;
  });
}

function firstDifference(a: Uint8Array, b: Uint8Array): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i += 1;
  return i;
}

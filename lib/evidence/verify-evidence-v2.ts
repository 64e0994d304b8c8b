import { fromB64u, toHex } from '../encoding';
import { hashLeaf } from '../ledger/merkle-hash';
import { rosterSha256 } from '../signing/roster';
import { decodeStatement, priorLeafList, type Statement } from '../signing/statement';
import { EVIDENCE_VERSION_V2, evidenceSchema, evidenceV2Schema, type EvidenceBundle } from './evidence-format';
import { verifyBundle, type VerifyBundleOptions } from './verify-countersignature-member';
import type { Check, VerificationReport } from './verify-evidence';

/**
 * Verifies a v2 bundle (docs/evidence.md, "Several signers") offline: every signature as a v1
 * bundle of its own, then what ties them together. Each statement names this request and document,
 * commits to this roster (signers-sha256) and the signer's step in it, and lists as prior-leaves
 * only leaves of signatures that come before it in the bundle, including every signature of an
 * earlier step. So a signature moved out of its place, or one removed from between others, fails;
 * a bundle whose request claims "signed" must hold one signature per signer of the roster.
 */
export async function verifyBundleV2(input: unknown, options: VerifyBundleOptions = {}): Promise<VerificationReport> {
  const checks: Check[] = [];
  const add = (name: string, ok: boolean, detail: string) => checks.push({ name, ok, detail });
  const parsed = evidenceV2Schema.safeParse(input);
  if (!parsed.success) {
    add('format', false, `expected a ${EVIDENCE_VERSION_V2} bundle: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`);
    return { ok: false, checks };
  }
  const { request, signatures } = parsed.data;
  add('format', true, `${EVIDENCE_VERSION_V2}, ${signatures.length} signature${signatures.length === 1 ? '' : 's'} of ${request.signers.length} signers`);
  const roster = rosterSha256(request.signers);
  const stepOf = new Map(request.signers.map((s) => [s.id, s.step]));
  const nameOf = new Map(request.signers.map((s) => [s.id, s.displayName]));

  const seen: { leaf: string; step: number; index: number }[] = [];
  const signers = new Set<string>();
  for (const [i, raw] of signatures.entries()) {
    const label = `signature ${i + 1}`;
    const one = evidenceSchema.safeParse(raw);
    if (!one.success) {
      add(`${label}: format`, false, `expected a signet.evidence/v1 bundle: ${one.error.issues.map((x) => `${x.path.join('.') || '(root)'}: ${x.message}`).join('; ')}`);
      continue;
    }
    const bundle = one.data;
    const who = nameOf.get(bundle.record.signer.id) ?? bundle.record.signer.displayName;
    const report = await verifyBundle(raw, { ...options, documentSha256: options.documentSha256 });
    for (const c of report.checks) add(`${label} (${who}): ${c.name}`, c.ok, c.detail);
    const attempt = (name: string, fn: () => string) => {
      try {
        add(`${label} (${who}): ${name}`, true, fn());
      } catch (e) {
        add(`${label} (${who}): ${name}`, false, (e as Error).message);
      }
    };
    const statement = decodeStatement(fromB64u(bundle.statement));
    attempt('belongs to this request', () => belongs(bundle, statement, request.id, request.document.sha256));
    attempt('statement commits to the roster', () => {
      const step = stepOf.get(bundle.record.signer.id);
      if (step === undefined) throw new Error(`expected a signer of the roster, ${bundle.record.signer.id} is not one`);
      if (signers.has(bundle.record.signer.id)) throw new Error(`expected one signature per signer, ${bundle.record.signer.id} has another earlier in the bundle`);
      signers.add(bundle.record.signer.id);
      if (statement?.signersSha256 !== roster) throw new Error(`expected signers-sha256 ${roster} (this bundle's roster), statement has ${statement?.signersSha256 ?? 'none'}`);
      if (statement.step !== String(step)) throw new Error(`expected step ${step} for this signer, statement has ${statement.step}`);
      return `roster ${roster.slice(0, 16)}…, step ${step}`;
    });
    attempt('signing order', () => order(bundle, statement, stepOf.get(bundle.record.signer.id) ?? 0, seen));
    if (bundle.ledger) seen.push({ leaf: toHex(hashLeaf(fromB64u(bundle.ledger.leafData))), step: stepOf.get(bundle.record.signer.id) ?? 0, index: bundle.ledger.index });
  }
  const missing = request.signers.filter((s) => !signers.has(s.id));
  if (request.status === 'signed') {
    add('every signer signed', missing.length === 0, missing.length === 0 ? `${request.signers.length} of ${request.signers.length}` : `the request is "signed" but the bundle lacks the signature of ${missing.map((s) => s.displayName || s.id).join(', ')}`);
  } else {
    add('request not complete', true, `status "${request.status}": ${signers.size} of ${request.signers.length} signers have signed`);
  }
  return { ok: checks.every((c) => c.ok), checks };
}

function belongs(bundle: EvidenceBundle, statement: Statement | null, requestId: string, documentSha256: string): string {
  if (bundle.record.requestId !== requestId) throw new Error(`expected request ${requestId}, the signature is of request ${bundle.record.requestId}`);
  if (bundle.record.document.sha256 !== documentSha256) throw new Error(`expected document ${documentSha256}, the signature is of ${bundle.record.document.sha256}`);
  if (!statement || statement.step === undefined) throw new Error('expected a signet.statement/v2 statement (a request with several signers)');
  return `request ${requestId}`;
}

function order(bundle: EvidenceBundle, statement: Statement | null, step: number, seen: { leaf: string; step: number; index: number }[]): string {
  if (!bundle.ledger) throw new Error('expected a ledger entry: the order of signing is proven by ledger leaves');
  if (!statement) throw new Error('expected a canonical statement');
  const prior = priorLeafList(statement);
  const before = new Set(seen.map((s) => s.leaf));
  const unknown = prior.filter((h) => !before.has(h));
  if (unknown.length > 0) throw new Error(`expected prior-leaves to name only signatures before this one in the bundle; ${unknown.map((h) => h.slice(0, 16)).join(', ')}… is not (a signature removed or moved)`);
  const owed = seen.filter((s) => s.step < step && !prior.includes(s.leaf));
  if (owed.length > 0) throw new Error(`expected prior-leaves to name every signature of an earlier step; leaf ${owed[0]!.index} is missing`);
  const last = seen[seen.length - 1];
  if (last && last.index >= bundle.ledger.index) throw new Error(`expected ledger indexes to increase in signing order, ${bundle.ledger.index} follows ${last.index}`);
  const earlierStep = seen.find((s) => s.step > step);
  if (earlierStep) throw new Error(`expected steps in signing order; step ${step} follows a signature of step ${earlierStep.step}`);
  return prior.length === 0 ? 'first to sign' : `after ${prior.length} earlier signature${prior.length === 1 ? '' : 's'}`;
}

/** Either version, by its `version` member. */
export async function verifyAnyBundle(input: unknown, options: VerifyBundleOptions = {}): Promise<VerificationReport> {
  const version = (input as { version?: unknown } | null)?.version;
  return version === EVIDENCE_VERSION_V2 ? verifyBundleV2(input, options) : verifyBundle(input, options);
}

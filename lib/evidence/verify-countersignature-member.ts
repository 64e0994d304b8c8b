import { fromB64u, fromBase64, fromUtf8 } from '../encoding';
import { bytesEqual, x509 } from '../pki/crypto-core';
import { readTstInfo } from '../pki/timestamp-authority';
import { verifyCountersignature } from '../pki/verify-countersignature';
import { PAYLOAD_TYPE, type RecordPayload } from '../signing/record-payload';
import type { EvidenceBundle } from './evidence-format';
import { verifyEvidence, type Check, type VerificationReport, type VerifyEvidenceOptions } from './verify-evidence';

export interface VerifyBundleOptions extends VerifyEvidenceOptions {
  /**
   * DER roots the verifier trusts, obtained independently (the organisation's published root, or
   * a public CA's). When absent, the last certificate of the bundle's own chain is used and the
   * check says so.
   */
  trustedRoots?: Uint8Array[];
  /** Only for a bundle without a usable timestamp; every check otherwise uses the timestamp's genTime. */
  now?: Date;
}

/**
 * Verifies every member of an evidence bundle: the WebAuthn and ledger checks of verifyEvidence,
 * then the organisation's countersignature. Its validation time is the RFC 3161 timestamp's genTime,
 * so a record signed while the certificate was valid keeps verifying after it expires.
 */
export async function verifyBundle(input: unknown, options: VerifyBundleOptions = {}): Promise<VerificationReport> {
  const report = await verifyEvidence(input, options);
  const bundle = input as EvidenceBundle;
  if (!report.checks.some((c) => c.name === 'format' && c.ok)) return report;
  if (bundle.cms === undefined && bundle.payload === undefined) return report;
  const checks = [...report.checks, ...(await countersignatureChecks(bundle, options))];
  return { ok: checks.every((c) => c.ok), checks };
}

async function countersignatureChecks(bundle: EvidenceBundle, options: VerifyBundleOptions): Promise<Check[]> {
  const checks: Check[] = [];
  const add = (name: string, ok: boolean, detail: string) => checks.push({ name, ok, detail });
  if (!bundle.payload || !bundle.cms || !bundle.certificates || !bundle.timestamp) {
    add('countersignature members', false, 'expected payload, cms, certificates and timestamp together; some are missing');
    return checks;
  }
  let payload: Uint8Array, cms: Uint8Array, timestamp: Uint8Array;
  try {
    [payload, cms, timestamp] = [fromB64u(bundle.payload), fromBase64(bundle.cms), fromBase64(bundle.timestamp)];
  } catch (e) {
    add('countersignature members', false, `expected payload as base64url, cms and timestamp as base64: ${(e as Error).message}`);
    return checks;
  }

  try {
    const p = JSON.parse(fromUtf8(payload)) as RecordPayload;
    const wa = bundle.webauthn;
    const expected: [string, unknown, unknown][] = [
      ['type', p.type, PAYLOAD_TYPE],
      ['recordId', p.recordId, bundle.record.id],
      ['requestId', p.requestId, bundle.record.requestId],
      ['statement', p.statement, bundle.statement],
      ['assertion.credentialId', p.assertion?.credentialId, wa.credentialId],
      ['assertion.clientDataJSON', p.assertion?.clientDataJSON, wa.clientDataJSON],
      ['assertion.authenticatorData', p.assertion?.authenticatorData, wa.authenticatorData],
      ['assertion.signature', p.assertion?.signature, wa.signature],
      ['credentialPublicKey', p.credentialPublicKey, wa.publicKey],
      ['signer.id', p.signer?.id, bundle.record.signer.id],
      ['documentSha256', p.documentSha256, bundle.record.document.sha256],
    ];
    const wrong = expected.filter(([, got, want]) => got !== want).map(([name]) => name);
    if (wrong.length > 0) throw new Error(`expected the signed payload to describe this bundle's record; it differs in ${wrong.join(', ')}`);
    add('countersigned payload = this record', true, `${PAYLOAD_TYPE}, ${payload.length} bytes`);
  } catch (e) {
    add('countersigned payload = this record', false, (e as Error).message);
  }

  let roots = options.trustedRoots;
  let rootNote = '(trusted root given to the verifier)';
  if (!roots) {
    try {
      const chain = x509.PemConverter.decode(bundle.certificates);
      const last = chain[chain.length - 1];
      if (!last) throw new Error('no certificate');
      roots = [new Uint8Array(last)];
      rootNote = '(root taken from the bundle: compare its fingerprint with the one your organisation publishes)';
    } catch (e) {
      add('certificates', false, `expected a PEM chain ending at the root: ${(e as Error).message}`);
      return checks;
    }
  }

  const report = await verifyCountersignature({ cms, payload, trustedRoots: roots, now: options.now ?? new Date() });
  for (const c of report.checks) add(`countersignature ${c.name}`, c.ok, c.name === 'signer-chain' && c.ok ? `${c.detail} ${rootNote}` : c.detail);

  try {
    // docs/evidence.md: "the same one as inside cms", byte for byte; a genTime match alone would
    // let a member with an altered signature or certificate pass.
    if (!report.timestampToken) throw new Error('expected a timestamp token inside cms to compare the timestamp member with, found none');
    if (!bytesEqual(report.timestampToken, timestamp)) {
      throw new Error(`expected the timestamp member to be byte for byte the token inside cms (${report.timestampToken.length} bytes), it differs at byte ${firstDifference(report.timestampToken, timestamp)}`);
    }
    const tst = readTstInfo(timestamp);
    const inside = report.genTime?.getTime();
    if (inside === undefined || tst.genTime.getTime() !== inside) {
      throw new Error(`expected the timestamp member to be the token inside cms (genTime ${report.genTime?.toISOString() ?? 'none'}), it has genTime ${tst.genTime.toISOString()}`);
    }
    add('timestamp member', true, `RFC 3161 token, genTime ${tst.genTime.toISOString()} (the validation time)`);
  } catch (e) {
    add('timestamp member', false, (e as Error).message);
  }
  return checks;
}

function firstDifference(a: Uint8Array, b: Uint8Array): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i += 1;
  return i;
}

import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, TEST_ORIGIN, TEST_RP_ID, uploadAndRequest, type TestContext } from '@/test/support/context';
import { SoftAuthenticator } from '@/test/support/soft-authenticator';
import { ensurePki } from '../certificates/ensure-pki';
import { openssl, scratchDir } from '../pki/test-support';
import { x509 } from '../pki/crypto';
import { beginSigning } from '../signing/begin-signing';
import { completeSigning } from '../signing/complete-signing';
import { finishRegistration } from '../signing/finish-registration';
import type { EvidenceBundle } from './evidence-format';
import { getEvidence } from './get-evidence';
import { verifyBundle } from './verify-countersignature-member';

const DAY = 86_400_000;

/**
 * Real bundles, checked three ways: lib (verifyBundle), CLI (npm run verify) and openssl with the
 * exact commands of docs/evidence.md. The certificate is valid for one day from the test clock
 * (2026-03-01), so at the machine's real time it has long expired: every verifier must judge it at
 * the timestamp's genTime.
 */
describe('evidence bundle: organisation countersignature and timestamp', () => {
  let ctx: TestContext;
  let bundle: EvidenceBundle;
  let notAfter: Date;
  const scratch = scratchDir();
  const sh = (script: string) => spawnSync('bash', ['-c', script], { cwd: scratch.dir, encoding: 'utf8', timeout: 60_000 });

  beforeAll(async () => {
    ctx = await createTestContext({ CERT_VALIDITY_DAYS: '1' });
    notAfter = (await ensurePki(ctx)).signing.notAfter;
    const { token } = await uploadAndRequest(ctx);
    const auth = new SoftAuthenticator({ origin: TEST_ORIGIN, rpId: TEST_RP_ID });
    const reg = await beginSigning(ctx, token);
    await finishRegistration(ctx, token, auth.register(reg.options.challenge));
    const begin = await beginSigning(ctx, token);
    const signed = await completeSigning(ctx, token, auth.assert(begin.options.challenge), { ip: null, userAgent: null });
    bundle = (await getEvidence(ctx, signed.recordId)) as EvidenceBundle;
    scratch.write('evidence.json', JSON.stringify(bundle));
  });
  afterAll(async () => {
    scratch.remove();
    await ctx.dispose();
  });

  it('carries payload, cms, certificates (root last) and timestamp', () => {
    expect(bundle.payload).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(bundle.cms).toMatch(/^[A-Za-z0-9+/]+=*$/);
    expect(bundle.timestamp).toMatch(/^[A-Za-z0-9+/]+=*$/);
    const chain = x509.PemConverter.decode(bundle.certificates!);
    expect(chain).toHaveLength(2);
  });

  it('verifies with the lib verifier before and long after notAfter (validation time = genTime)', async () => {
    const before = await verifyBundle(bundle, { now: ctx.clock.now() });
    expect(before.checks.filter((c) => !c.ok)).toEqual([]);
    ctx.clock.set(new Date(notAfter.getTime() + 400 * DAY));
    const later = (await getEvidence(ctx, bundle.record.id)) as EvidenceBundle;
    expect(later.cms).toBe(bundle.cms);
    const after = await verifyBundle(later, { now: ctx.clock.now() });
    expect(after.checks.filter((c) => !c.ok)).toEqual([]);
    expect(after.checks.map((c) => c.name)).toContain('countersignature signer-valid-at-timestamp');
  });

  it('fails when the payload is altered or the cms belongs to another record', async () => {
    const p = JSON.parse(Buffer.from(bundle.payload!, 'base64url').toString());
    p.documentSha256 = '0'.repeat(64);
    const altered = { ...bundle, payload: Buffer.from(JSON.stringify(p)).toString('base64url') };
    const report = await verifyBundle(altered);
    expect(report.ok).toBe(false);
    expect(report.checks.filter((c) => !c.ok).map((c) => c.name)).toEqual(expect.arrayContaining(['countersigned payload = this record', 'countersignature message-digest']));
  });

  it('npm run verify passes at the real (post-expiry) time, with and without --ca', () => {
    const chain = bundle.certificates!.trim().split('\n\n');
    expect(chain).toHaveLength(1); // PEM blocks are separated by a single newline
    const root = x509.PemConverter.encode(x509.PemConverter.decode(bundle.certificates!).at(-1)!, 'CERTIFICATE');
    scratch.write('root.pem', `${root}\n`);
    const repo = process.cwd();
    const bare = spawnSync(`${repo}/node_modules/.bin/tsx`, [`${repo}/cli/verify.ts`, 'evidence.json'], { cwd: scratch.dir, encoding: 'utf8', timeout: 120_000 });
    expect(bare.status, bare.stdout + bare.stderr.slice(0, 500)).toBe(0);
    expect(bare.stdout).toContain('root taken from the bundle');
    const run = spawnSync(`${repo}/node_modules/.bin/tsx`, [`${repo}/cli/verify.ts`, 'evidence.json', '--ca', 'root.pem'], { cwd: scratch.dir, encoding: 'utf8', timeout: 120_000 });
    expect(run.status, run.stdout + run.stderr.slice(0, 500)).toBe(0);
    expect(run.stdout).toContain('✓ countersignature signer-valid-at-timestamp');
    expect(run.stdout).toContain('VERIFIED');
  });

  it('openssl verifies with the commands of docs/evidence.md (-attime genTime; plain fails after expiry)', () => {
    // Extract the members (docs/evidence.md, "Checking with openssl").
    const extract = sh(`set -e
      jq() { node -e 'const b=JSON.parse(require("fs").readFileSync("evidence.json"));process.stdout.write(String(b[process.argv[1]]))' "$1"; }
      jq payload | tr '_-' '/+' | base64 -d -i > payload.bin 2>/dev/null || true
      jq cms | base64 -d > cms.der
      jq timestamp | base64 -d > timestamp.der
      jq certificates > chain.pem
      awk '/BEGIN CERTIFICATE/{c=""} {c=c $0 "\\n"} END{printf "%s", c}' chain.pem > root.pem`);
    expect(extract.status, extract.stderr).toBe(0);
    // base64url without padding: node decodes it exactly (the tr|base64 line above is for shells with a lenient base64).
    scratch.write('payload.bin', Buffer.from(bundle.payload!, 'base64url'));
    const genTime = sh(`openssl ts -reply -in timestamp.der -token_in -text | sed -n 's/^Time stamp: //p'`).stdout.trim();
    const epoch = Math.floor(new Date(genTime).getTime() / 1000);
    expect(epoch).toBe(Math.floor(new Date(bundle.record.signedAt).getTime() / 1000));

    const cmsArgs = ['cms', '-verify', '-binary', '-inform', 'DER', '-in', 'cms.der', '-content', 'payload.bin', '-CAfile', 'root.pem', '-out', '/dev/null'];
    const expired = openssl(cmsArgs, scratch.dir);
    expect(expired.code).not.toBe(0);
    expect(expired.stderr).toMatch(/certificate has expired/);
    const cms = openssl([...cmsArgs, '-attime', String(epoch)], scratch.dir);
    expect(cms.code, cms.stderr).toBe(0);
    expect(cms.stderr).toContain('Verification successful');

    const digest = sh(
      `openssl asn1parse -inform DER -in cms.der | awk '/d=5/ && /OCTET STRING/ {sub(/.*\\[HEX DUMP\\]:/, ""); print; exit}' | xxd -r -p | openssl dgst -sha256 -r | cut -d' ' -f1`,
    ).stdout.trim();
    expect(digest).toMatch(/^[0-9a-f]{64}$/);
    const ts = openssl(['ts', '-verify', '-in', 'timestamp.der', '-token_in', '-digest', digest, '-CAfile', 'root.pem'], scratch.dir);
    expect(ts.code, ts.stdout + ts.stderr).toBe(0);
    expect(ts.stdout).toContain('Verification: OK');
    const wrong = openssl(['ts', '-verify', '-in', 'timestamp.der', '-token_in', '-digest', '0'.repeat(64), '-CAfile', 'root.pem'], scratch.dir);
    expect(wrong.code).not.toBe(0);
  });
});

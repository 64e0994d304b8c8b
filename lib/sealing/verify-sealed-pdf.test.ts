import { spawnSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { PDF } from '@libpdf/core';
import { createTestContext, TEST_ORIGIN, TEST_RP_ID, uploadAndRequest, type TestContext } from '@/test/support/context';
import { SoftAuthenticator } from '@/test/support/soft-authenticator';
import { activeCertificate, fromB64u } from '../certificates/certificate-store';
import { certPem, scratchDir } from '../pki/test-support';
import { beginSigning } from '../signing/begin-signing';
import { completeSigning } from '../signing/complete-signing';
import { finishRegistration } from '../signing/finish-registration';
import { getSealedPdf } from './get-sealed-pdf';
import { verifySealedPdf } from './verify-sealed-pdf';

let ctx: TestContext | undefined;
afterEach(async () => {
  await ctx?.dispose();
  ctx = undefined;
});

async function sealedSample(c: TestContext): Promise<{ bytes: Uint8Array; original: Uint8Array }> {
  const doc = PDF.create();
  doc.addPage().drawText('Lease agreement', { x: 60, y: 720 });
  const original = await doc.save();
  const { token, request } = await uploadAndRequest(c, original);
  const auth = new SoftAuthenticator({ origin: TEST_ORIGIN, rpId: TEST_RP_ID });
  await finishRegistration(c, token, auth.register((await beginSigning(c, token)).options.challenge));
  const begin = await beginSigning(c, token);
  await completeSigning(c, token, auth.assert(begin.options.challenge), { ip: null, userAgent: 'vitest' });
  return { bytes: (await getSealedPdf(c, request.id)).bytes, original };
}

describe('verifySealedPdf and npm run verify on a sealed PDF', () => {
  it('accepts the sealed PDF (PAdES signature, document timestamp, embedded evidence) and the CLI agrees', async () => {
    ctx = await createTestContext();
    const { bytes } = await sealedSample(ctx);
    const root = await activeCertificate(ctx, 'root');
    const report = await verifySealedPdf(bytes, [fromB64u(root?.der ?? '')]);
    expect(report.checks.filter((c) => !c.ok)).toEqual([]);
    expect(report.checks.map((c) => c.name)).toEqual(expect.arrayContaining(['whole file', 'signature Signet_Seal (ETSI.CAdES.detached)', 'document timestamp Signet_DocTimeStamp']));
    expect(report.checks.some((c) => /evidence-1-.*: document/.test(c.name) && c.ok)).toBe(true);

    const s = scratchDir();
    try {
      s.write('sealed.pdf', bytes);
      s.write('root.pem', certPem(fromB64u(root?.der ?? '')));
      const cli = spawnSync('npx', ['tsx', 'cli/verify.ts', `${s.dir}/sealed.pdf`, '--ca', `${s.dir}/root.pem`], { encoding: 'utf8', timeout: 120_000 });
      expect(cli.stdout).toContain('VERIFIED: every check passed');
      expect(cli.status).toBe(0);
    } finally {
      s.remove();
    }
  }, 180_000);

  it('refuses a sealed PDF with one byte of the original changed, or with bytes appended after the seal', async () => {
    ctx = await createTestContext();
    const { bytes } = await sealedSample(ctx);
    const root = [fromB64u((await activeCertificate(ctx, 'root'))?.der ?? '')];
    // The header's minor version digit: inside the original bytes, and the file still loads.
    const tampered = new Uint8Array(bytes);
    expect(Buffer.from(bytes.subarray(0, 5)).toString('latin1')).toBe('%PDF-');
    tampered[7] = (tampered[7] ?? 0) === 0x37 ? 0x36 : 0x37;
    const bad = await verifySealedPdf(tampered, root);
    expect(bad.ok).toBe(false);
    const failed = bad.checks.filter((c) => !c.ok).map((c) => c.name).join('\n');
    expect(failed).toMatch(/Signet_Seal/);
    expect(failed).toMatch(/Signet_DocTimeStamp/);
    const appended = await verifySealedPdf(new Uint8Array(Buffer.concat([Buffer.from(bytes), Buffer.from('\n% appended\n')])), root);
    expect(appended.checks.find((c) => c.name === 'whole file')?.ok).toBe(false);
  }, 120_000);
});

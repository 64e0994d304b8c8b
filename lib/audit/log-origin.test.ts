import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createContext, type Context } from '@/lib/context';
import { parseConfig } from '@/lib/env';
import { getEvidence } from '@/lib/evidence/get-evidence';
import { verifyBundle } from '@/lib/evidence/verify-countersignature-member';
import { beginSigning } from '@/lib/signing/begin-signing';
import { completeSigning } from '@/lib/signing/complete-signing';
import { finishRegistration } from '@/lib/signing/finish-registration';
import { createTestContext, TEST_RP_ID, uploadAndRequest, type TestContext } from '@/test/support/context';
import { SoftAuthenticator } from '@/test/support/soft-authenticator';
import { auditLedger } from './audit-ledger';
import { getLatestCheckpoint, getVerifierKey } from './read-ledger';

async function sign(ctx: Context, origin: string, text: string): Promise<string> {
  const { token } = await uploadAndRequest(ctx, text);
  const passkey = new SoftAuthenticator({ origin, rpId: TEST_RP_ID });
  await finishRegistration(ctx, token, passkey.register((await beginSigning(ctx, token)).options.challenge));
  const begin = await beginSigning(ctx, token);
  return (await completeSigning(ctx, token, passkey.assert(begin.options.challenge), { ip: null, userAgent: null })).recordId;
}

describe('the log keeps its origin when ORIGIN changes (a new hostname, a restore elsewhere)', () => {
  let first: TestContext;
  let moved: Context;

  beforeAll(async () => {
    first = await createTestContext({ ORIGIN: 'http://localhost:4001' });
    await sign(first, 'http://localhost:4001', '%PDF-1.4 signed under the first origin');
    // The same database, served under another origin, as a restored server on a new host would be.
    moved = await createContext({ config: parseConfig({ ORIGIN: 'http://localhost:4002', RP_ID: TEST_RP_ID, DATA_DIR: first.config.dataDir }), database: first.database, clock: first.clock });
  }, 60_000);
  afterAll(async () => {
    await first?.dispose();
  });

  it('signs new checkpoints and names its key under the first origin, and new bundles verify', async () => {
    const record = await sign(moved, 'http://localhost:4002', '%PDF-1.4 signed after the move');

    expect((await getLatestCheckpoint(moved)).checkpoint.split('\n')[0]).toBe('localhost:4001/ledger');
    expect(await getVerifierKey(moved)).toMatch(/^localhost:4001\/ledger\+/);
    const report = await verifyBundle(await getEvidence(moved, record));
    expect(report.checks.filter((c) => !c.ok)).toEqual([]);
    const audit = await auditLedger(moved);
    expect(audit.discrepancies).toEqual([]);
    expect(audit.warnings).toEqual(["this process's ORIGIN gives the log origin localhost:4002/ledger, the stored checkpoints name localhost:4001/ledger: audited against the stored ones"]);
  });
});

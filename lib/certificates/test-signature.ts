import type { Context } from '../context';
import { verifyCountersignature, type PkiCheck } from '../pki/verify-countersignature';
import { trustedRoots } from './certificate-store';
import { activeSigningIdentity } from './signing-identity';

export interface TestSignatureResult {
  ok: boolean;
  certificateId: string;
  subject: string;
  genTime: string | null;
  checks: PkiCheck[];
}

/**
 * "Test signature": countersigns and timestamps a test payload with the active certificate exactly
 * as a record would be, then verifies it against the organisation's roots (the local root, or the
 * root that ended an imported chain). Errors (CERT_EXPIRED,
 * TSA_UNAVAILABLE, …) propagate with their codes, so the page shows the same refusal a signer would get.
 */
export async function testSignature(ctx: Context): Promise<TestSignatureResult> {
  const identity = await activeSigningIdentity(ctx);
  const payload = new TextEncoder().encode(`signet.test-signature/v1\n${ctx.clock.now().toISOString()}\n`);
  const signed = await identity.countersigner.countersign({
    payload,
    tsa: identity.tsa,
    clock: ctx.clock,
    revokedAt: identity.row.revokedAt ?? undefined,
    randomBytes: (n) => ctx.random.bytes(n),
  });
  const report = await verifyCountersignature({ cms: signed.cms, payload, trustedRoots: [...(await trustedRoots(ctx)), ...identity.chain.slice(-1)], now: ctx.clock.now() });
  return { ok: report.ok, certificateId: identity.row.id, subject: identity.row.subject, genTime: report.genTime?.toISOString() ?? null, checks: report.checks };
}

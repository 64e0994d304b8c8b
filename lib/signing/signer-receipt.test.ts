import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '@/lib/errors';
import { verifyAnyBundle } from '@/lib/evidence/verify-evidence-v2';
import { createTestContext, type TestContext } from '@/test/support/context';
import { newPasskey, requestSigners, signAs } from '@/test/support/multi-signer';
import { receiptText } from './receipt-text';
import { getSignerEvidence, getSignerReceipt } from './signer-receipt';

describe('what a signer keeps', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext();
  });
  afterAll(async () => ctx.dispose());

  it('a receipt and the evidence of their own signature only, once they have signed', async () => {
    const made = await requestSigners(ctx, ['Ada', 'Grace']);
    const [a, g] = made.signers.map((s) => s.token) as [string, string];
    await expect(getSignerReceipt(ctx, a)).rejects.toMatchObject({ code: 'REQUEST_NOT_SIGNABLE' });
    const signed = await signAs(ctx, a, newPasskey());

    const receipt = await getSignerReceipt(ctx, a);
    expect(receipt).toMatchObject({ title: 'Partnership agreement', recordId: signed.recordId, signer: { name: 'Ada' }, document: { sha256: made.document.sha256 } });
    expect(receipt.ledger?.index).toBe(signed.ledgerIndex);
    expect(receipt.signers.map((s) => [s.name, s.status])).toEqual([['Ada', 'signed'], ['Grace', 'pending']]);
    const text = receiptText(receipt, { label: (k, v) => (v ? `${k}(${JSON.stringify(v)})` : k), dateTime: (iso) => iso });
    expect(text).toContain(`fingerprint: ${made.document.sha256}`);
    expect(text).toContain(`leafHash: ${receipt.ledger!.leafHash}`);

    const bundle = await getSignerEvidence(ctx, a);
    expect(bundle.record.id).toBe(signed.recordId);
    expect((await verifyAnyBundle(JSON.parse(JSON.stringify(bundle)), { documentSha256: made.document.sha256 })).ok).toBe(true);

    // Grace's link never yields Ada's receipt: she has none yet.
    const e = await getSignerEvidence(ctx, g).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(AppError);
    expect((e as AppError).code).toBe('REQUEST_NOT_SIGNABLE');
  });
});

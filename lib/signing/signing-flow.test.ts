import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { schema } from '@/db/client';
import { verifyEvidence } from '@/lib/evidence/verify-evidence';
import { getEvidence } from '@/lib/evidence/get-evidence';
import { createTestContext, sha256hex, TEST_ORIGIN, TEST_RP_ID, uploadAndRequest, type TestContext } from '@/test/support/context';
import { SoftAuthenticator } from '@/test/support/soft-authenticator';
import { beginSigning } from './begin-signing';
import { completeSigning } from './complete-signing';
import { finishRegistration } from './finish-registration';
import { getCeremony } from './get-ceremony';
import { getSigningRequest } from './get-signing-request';
import { subscribeRequestChanged } from './request-events';

const meta = { ip: '127.0.0.1', userAgent: 'vitest' };

describe('scan-to-sign flow', () => {
  let ctx: TestContext;
  beforeEach(async () => {
    ctx = await createTestContext();
  });
  afterEach(async () => ctx.dispose());

  it('registers a passkey, signs, and produces evidence that verifies offline', async () => {
    const { token, request, document, signUrl } = await uploadAndRequest(ctx);
    expect(signUrl).toMatch(new RegExp(`^${TEST_ORIGIN}/s/${token}#h=`));
    const auth = new SoftAuthenticator({ origin: TEST_ORIGIN, rpId: TEST_RP_ID });

    const changes: string[] = [];
    const unsubscribe = await subscribeRequestChanged(ctx.database, request.id, () => changes.push('changed'));

    const ceremony = await getCeremony(ctx, token);
    expect(ceremony.status).toBe('opened');
    expect(ceremony.signer.hasPasskey).toBe(false);

    const reg = await beginSigning(ctx, token);
    if (reg.kind !== 'registration') throw new Error('expected a registration challenge');
    expect(reg.options.authenticatorSelection?.userVerification).toBe('required');
    await finishRegistration(ctx, token, auth.register(reg.options.challenge));

    const begin = await beginSigning(ctx, token);
    if (begin.kind !== 'signing') throw new Error('expected a signing challenge');
    expect(begin.statement).toContain(`document-sha256:${document.sha256}`);
    expect(begin.options.challenge).toBe(Buffer.from(sha256hex(begin.statement), 'hex').toString('base64url'));

    const signed = await completeSigning(ctx, token, auth.assert(begin.options.challenge), meta);
    const view = await getSigningRequest(ctx, request.id);
    expect(view.status).toBe('signed');
    expect(view.recordId).toBe(signed.recordId);
    // The first-start PKI's certificate leaves come first; the record's leaf is the one the code returned.
    expect(view.ledgerIndex).toBe(signed.ledgerIndex);
    const [leaf] = await ctx.db.select().from(schema.ledgerLeaves).where(eq(schema.ledgerLeaves.idx, signed.ledgerIndex));
    expect(leaf).toMatchObject({ kind: 'signature', recordId: signed.recordId });

    await new Promise((r) => setTimeout(r, 50));
    expect(changes.length).toBeGreaterThanOrEqual(2); // opened, signed
    unsubscribe();

    const bundle = await getEvidence(ctx, signed.recordId);
    const report = await verifyEvidence(JSON.parse(JSON.stringify(bundle)), { documentSha256: document.sha256 });
    expect(report.checks.filter((c) => !c.ok)).toEqual([]);
    expect(report.ok).toBe(true);

    const [record] = await ctx.db.select().from(schema.signatureRecords).where(eq(schema.signatureRecords.id, signed.recordId));
    expect(record?.ip).toBe('127.0.0.1');
    expect(Buffer.from(record!.statement, 'base64url').toString()).toBe(begin.statement);
  });

  it('a returning signer (same email) signs with the passkey they already have', async () => {
    const auth = new SoftAuthenticator({ origin: TEST_ORIGIN, rpId: TEST_RP_ID });
    const first = await uploadAndRequest(ctx, 'first');
    const reg = await beginSigning(ctx, first.token);
    await finishRegistration(ctx, first.token, auth.register(reg.options.challenge));

    const { createSigningRequest } = await import('./create-signing-request');
    const second = await createSigningRequest(ctx, {
      documentId: first.document.id,
      title: 'Second',
      documentType: 'other',
      signerName: 'Ada',
      signerEmail: first.request.signer.email,
    });
    expect(second.request.signer.id).toBe(first.request.signer.id);
    const begin = await beginSigning(ctx, second.token);
    expect(begin.kind).toBe('signing');
    await completeSigning(ctx, second.token, auth.assert(begin.options.challenge), meta);
    expect((await getSigningRequest(ctx, second.request.id)).status).toBe('signed');
  });
});

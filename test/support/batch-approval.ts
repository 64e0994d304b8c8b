import { randomBytes } from 'node:crypto';
import { schema } from '@/db/client';
import { beginBatchSigning, type BeginBatchSigningResult } from '@/lib/batches/begin-batch-signing';
import { buildBatchApproval, type BatchItem } from '@/lib/batches/batch-statement';
import { createBatch, type CreatedBatch } from '@/lib/batches/create-batch';
import { finishBatchRegistration } from '@/lib/batches/finish-batch-registration';
import type { Context } from '@/lib/context';
import { upload } from './context';
import type { SoftAuthenticator } from './soft-authenticator';

/** The signing variant of a batch begin (the signer has a passkey), or a test failure. */
export function asSigning(begun: BeginBatchSigningResult): Extract<BeginBatchSigningResult, { kind: 'signing' }> {
  if (begun.kind !== 'signing') throw new Error('expected a batch approval challenge for a signer with a passkey, got registration options');
  return begun;
}

let seq = 0;

/** A batch of `n` documents for one new signer, Ada; `extra` adds documents of its own (other signers). */
export async function batchForAda(ctx: Context, n: number, tag = 'complete'): Promise<{ made: CreatedBatch; queueToken: string; signerId: string; ids: string[] }> {
  const ada = { name: 'Ada', email: `ada.${tag}${++seq}@example.com` };
  const documents = [];
  for (let i = 0; i < n; i++) {
    const doc = await upload(ctx, `%PDF-1.4 ${tag} ${seq} ${i} ${Math.random()}`, `d${i}.pdf`);
    documents.push({ documentId: doc.id, documentType: 'hr', title: `合同 ${i}` });
  }
  const made = await createBatch(ctx, { name: `Batch ${seq}`, signers: [ada], documents });
  return { made, queueToken: made.signers[0]!.token, signerId: made.signers[0]!.signerId, ids: made.requests.map((r) => r.request.id) };
}

/** Registers a passkey from the batch begin (a signer without one), as the phone does. */
export async function registerFromQueue(ctx: Context, queueToken: string, ids: string[], passkey: SoftAuthenticator): Promise<void> {
  const begun = await beginBatchSigning(ctx, queueToken, ids);
  if (begun.kind !== 'registration') throw new Error('expected registration options for a signer without a passkey');
  await finishBatchRegistration(ctx, queueToken, passkey.register(begun.options.challenge));
}

/**
 * Stores a batch challenge as beginBatchSigning would, but over whatever items the test chooses
 * (`signed` in the statement, `stored` as the items to rebuild from), bypassing begin's checks: what
 * a compromised or buggy begin could leave, for the completion to refuse on its own.
 */
export async function forgeApproval(ctx: Context, q: { batchId: string; signerId: string }, signed: BatchItem[], stored: BatchItem[] = signed): Promise<string> {
  const now = ctx.clock.now();
  const approval = await buildBatchApproval({ ...q, nonce: randomBytes(32).toString('base64url'), issuedAt: now.toISOString() }, signed);
  const challenge = Buffer.from(approval.challenge).toString('base64url');
  await ctx.db.insert(schema.challenges).values({
    challenge,
    requestId: (stored[0] ?? signed[0])!.requestId,
    signerId: q.signerId,
    kind: 'batch-signing',
    statement: Buffer.from(approval.statement).toString('base64url'),
    createdAt: now,
    expiresAt: new Date(now.getTime() + 300_000),
  });
  await ctx.db.insert(schema.batchApprovals).values({ challenge, batchId: q.batchId, signerId: q.signerId, items: stored, createdAt: now });
  return challenge;
}

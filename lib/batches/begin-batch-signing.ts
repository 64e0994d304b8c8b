import { eq } from 'drizzle-orm';
import { generateAuthenticationOptions, type PublicKeyCredentialCreationOptionsJSON, type PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/server';
import { isoBase64URL } from '@simplewebauthn/server/helpers';
import { schema, type Db } from '@/db/client';
import type { Context } from '../context';
import { CHALLENGE_TTL_MS, registrationChallenge, withHybrid } from '../signing/begin-signing';
import { buildBatchApproval, type BatchItem } from './batch-statement';
import { checkApprovalItems } from './check-approval-items';
import { getBatchQueue } from './get-batch-queue';

export type BeginBatchSigningResult =
  | {
      /** The signer has no passkey yet: register one (finishBatchRegistration), then begin again. */
      kind: 'registration';
      options: PublicKeyCredentialCreationOptionsJSON;
    }
  | {
      kind: 'signing';
      options: PublicKeyCredentialRequestOptionsJSON;
      /** The approval statement whose SHA-256 is options.challenge. */
      statement: string;
      items: BatchItem[];
    };

/**
 * Starts one passkey approval over the documents the phone checked. Each must be one this signer
 * may sign now in this batch (BATCH_STATEMENT_INVALID otherwise: another batch's or signer's, a
 * declined one, one whose turn has not come, or one listed twice), and every stored document must
 * still hash to its SHA-256 (DOCUMENT_TAMPERED): any problem refuses the whole approval. A signer
 * without a passkey gets registration options first, exactly as on a single document's link.
 */
export async function beginBatchSigning(ctx: Context, token: string, requestIds: string[]): Promise<BeginBatchSigningResult> {
  const queue = await getBatchQueue(ctx, token);
  const byId = new Map(queue.documents.map((d) => [d.requestId, d]));
  const items = requestIds.map((id): BatchItem => ({ requestId: id, documentSha256: byId.get(id)?.documentSha256 ?? '', title: byId.get(id)?.title ?? '' }));
  await checkApprovalItems(ctx, token, items, queue);
  const credentials = await ctx.db.select().from(schema.credentials).where(eq(schema.credentials.signerId, queue.signer.id));
  if (credentials.length === 0) return { kind: 'registration', options: await registrationChallenge(ctx, queue.signer.id, items[0]!.requestId) };

  const now = ctx.clock.now();
  const approval = await buildBatchApproval(
    { batchId: queue.batch.id, signerId: queue.signer.id, nonce: isoBase64URL.fromBuffer(ctx.random.bytes(32)), issuedAt: now.toISOString() },
    items,
  );
  const options = await generateAuthenticationOptions({
    rpID: ctx.config.rpId,
    challenge: new Uint8Array(approval.challenge),
    timeout: CHALLENGE_TTL_MS,
    userVerification: 'required',
    allowCredentials: credentials.map((c) => ({ id: c.id, transports: withHybrid(c.transports) })),
  });
  await ctx.db.transaction(async (t) => {
    const tx = t as unknown as Db;
    await tx.insert(schema.challenges).values({
      challenge: options.challenge,
      requestId: items[0]!.requestId,
      signerId: queue.signer.id,
      kind: 'batch-signing',
      statement: isoBase64URL.fromBuffer(new Uint8Array(approval.statement)),
      createdAt: now,
      expiresAt: new Date(now.getTime() + CHALLENGE_TTL_MS),
    });
    await tx.insert(schema.batchApprovals).values({ challenge: options.challenge, batchId: queue.batch.id, signerId: queue.signer.id, items, createdAt: now });
  });
  return { kind: 'signing', options, statement: new TextDecoder().decode(approval.statement), items };
}

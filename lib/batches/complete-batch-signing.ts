import { eq } from 'drizzle-orm';
import type { AuthenticationResponseJSON } from '@simplewebauthn/server';
import { isoBase64URL } from '@simplewebauthn/server/helpers';
import { schema } from '@/db/client';
import type { Context } from '../context';
import { AppError, isAppError } from '../errors';
import { consumeChallenge, releaseChallenge } from '../signing/consume-challenge';
import { assertCanCountersign, countersignRecord } from '../signing/countersign-record';
import { ORGANIZATION_SIDE, recordSignings, type SignedRecordRef } from '../signing/record-signings';
import { publishRequestChanged } from '../signing/request-events';
import { payloadOf, type SignedRecord, type VerifiedSigning } from '../signing/signed-record';
import { assertionFacts, verifyPasskeyAssertion } from '../signing/verify-assertion';
import type { SigningMeta } from '../signing/verify-signing';
import { decodeB64url, readClientData } from '../webauthn/check-response';
import { buildBatchApproval, decodeBatchApproval, type BatchApproval } from './batch-statement';
import { checkApprovalItems } from './check-approval-items';
import { resolveQueueToken } from './get-batch-queue';

export interface BatchSigningResult {
  batchId: string;
  /** One record per approved document, in the approval statement's order. */
  records: SignedRecordRef[];
}

/** Countersignatures run a few at a time: each may be a TSA round trip. */
const COUNTERSIGN_CONCURRENCY = 8;

/**
 * Completes one passkey approval over many documents (docs/batches.md). The one assertion must
 * answer a batch challenge issued to this queue's signer (consumed first, so a replay finds it
 * used); the statement is rebuilt from the stored items and must be byte-identical to the one
 * signed; and every item must still be this signer's to sign now in this batch, naming the stored
 * document's hash, whose bytes still hash to it. Then each document gets its own countersigned
 * record, written together in ONE transaction (recordSignings, all or nothing) with each record's
 * item, index and inclusion path. Any refusal leaves every document as it was.
 */
export async function completeBatchSigning(ctx: Context, token: string, response: AuthenticationResponseJSON, meta: SigningMeta): Promise<BatchSigningResult> {
  const { batchId, signerId } = await resolveQueueToken(ctx, token);
  const identity = await assertCanCountersign(ctx);
  const clientData = readClientData(response.response.clientDataJSON);
  const authenticatorData = decodeB64url(response.response.authenticatorData, 'authenticatorData');
  decodeB64url(response.response.signature, 'signature');
  if (response.response.userHandle != null) decodeB64url(response.response.userHandle, 'userHandle');

  const [stored] = await ctx.db.select().from(schema.batchApprovals).where(eq(schema.batchApprovals.challenge, clientData.challenge));
  if (stored && (stored.batchId !== batchId || stored.signerId !== signerId)) {
    throw new AppError('CHALLENGE_OTHER_REQUEST', 'expected a batch approval challenge issued to this queue link\'s signer; this one was issued for another batch or signer');
  }
  const challenge = await consumeChallenge(ctx, clientData.challenge, { requestId: stored?.items[0]?.requestId ?? '', signerId, kind: 'batch-signing' });
  if (!stored || !challenge.statement) throw new AppError('CHALLENGE_UNKNOWN', 'expected a batch approval challenge with its stored statement and items');
  const { credential, info } = await verifyPasskeyAssertion(ctx, response, clientData, authenticatorData, { challenge: challenge.challenge, signerId, what: "this batch queue's signer" });

  const approval = await rebuildApproval(isoBase64URL.toBuffer(challenge.statement), stored.items);
  const checked = await checkApprovalItems(ctx, token, stored.items);
  const [signer] = await ctx.db.select().from(schema.signers).where(eq(schema.signers.id, signerId));
  if (!signer) throw new AppError('INTERNAL', `expected the batch signer ${signerId} to exist; it does not`);

  const signedAt = ctx.clock.now();
  const facts = assertionFacts(response, credential, info);
  const verified = checked.map(
    (request, i): VerifiedSigning => ({
      recordId: ctx.random.uuid(),
      request,
      challenge,
      statement: challenge.statement!,
      ...facts,
      signer: { id: signer.id, name: signer.displayName, email: signer.email },
      documentSha256: stored.items[i]!.documentSha256,
      origin: clientData.origin,
      rpId: ctx.config.rpId,
      signedAt,
      ip: meta.ip,
      userAgent: meta.userAgent,
    }),
  );

  let records: SignedRecord[];
  try {
    records = await countersignAll(ctx, verified, identity);
  } catch (e) {
    if (isAppError(e) && ORGANIZATION_SIDE.has(e.code)) await releaseChallenge(ctx, challenge);
    throw e;
  }
  const outcomes = await recordSignings(ctx, records, {
    allOrNothing: true,
    alsoWrite: async (tx) => {
      await tx.insert(schema.batchRecordItems).values(
        approval.items.map((it, i) => ({
          recordId: records[i]!.recordId,
          batchId,
          challenge: challenge.challenge,
          item: isoBase64URL.fromBuffer(new Uint8Array(it.bytes)),
          itemIndex: it.index,
          path: it.path.map((h) => isoBase64URL.fromBuffer(new Uint8Array(h))),
        })),
      );
    },
  });
  const refs = outcomes.map((o) => {
    if (!o.ok) throw o.error;
    return o.value;
  });
  await Promise.all(refs.map((r) => publishRequestChanged(ctx.database, r.requestId)));
  return { batchId, records: refs };
}

/** The approval rebuilt from the stored items must be exactly the statement the passkey signed. */
async function rebuildApproval(statement: Uint8Array, items: { requestId: string; documentSha256: string; title: string }[]): Promise<BatchApproval> {
  const meta = decodeBatchApproval(statement);
  if (!meta || items.length === 0) throw new AppError('BATCH_STATEMENT_INVALID', 'expected a canonical batch approval statement over at least one item');
  const rebuilt = await buildBatchApproval(meta, items);
  if (meta.count !== items.length || Buffer.compare(Buffer.from(rebuilt.statement), Buffer.from(statement)) !== 0) {
    throw new AppError('BATCH_STATEMENT_INVALID', `expected the approval statement to cover exactly the ${items.length} stored documents; it claims ${meta.count} with another root`);
  }
  return rebuilt;
}

async function countersignAll(ctx: Context, verified: VerifiedSigning[], identity: Awaited<ReturnType<typeof assertCanCountersign>>): Promise<SignedRecord[]> {
  const out: SignedRecord[] = new Array(verified.length);
  let next = 0;
  const worker = async () => {
    while (next < verified.length) {
      const i = next++;
      const v = verified[i]!;
      out[i] = { ...v, countersignature: await countersignRecord(ctx, payloadOf(v), identity) };
    }
  };
  await Promise.all(Array.from({ length: Math.min(COUNTERSIGN_CONCURRENCY, verified.length) }, worker));
  return out;
}


import { eq, inArray } from 'drizzle-orm';
import { schema, type Db } from '@/db/client';
import { appendLeafBatch } from '../audit/append-leaf';
import { ledgerKey } from '../audit/ledger-key';
import type { Context } from '../context';
import { isAppError } from '../errors';
import { encodeSignatureLeaf } from '../ledger/signature-leaf';
import { notifyRequestFinished } from '../notifications/request-notices';
import { PkiError } from '../pki/pki-errors';
import { releaseChallenge } from './consume-challenge';
import type { ItemOutcome } from './group-commit';
import { recordSignerSigned } from './record-signer-signed';
import { countersignatureRowOf, leafOf, recordRowOf, type SignedRecord } from './signed-record';

export interface SignedRecordRef {
  recordId: string;
  requestId: string;
  signedAt: string;
  /** The record's leaf index in the signing ledger. */
  ledgerIndex: number;
  /** True when this signature was the last one the request needed. */
  requestSigned: boolean;
}

/** Refusals that are the organisation's side, not the signer's: the challenge is given back and the request stays signable. */
export const ORGANIZATION_SIDE = new Set(['CERT_EXPIRED', 'CERT_NOT_YET_VALID', 'CERT_REVOKED', 'TSA_UNAVAILABLE', 'KEY_DECRYPT_FAILED', 'MASTER_KEY_INVALID']);

export interface RecordSigningsOptions {
  /**
   * One batch approval is all or nothing: when any record is refused, its error is thrown, the
   * transaction rolls back and none is written.
   */
  allOrNothing?: boolean;
  /** Further rows written in the same transaction once the records are (a batch approval's items). */
  alsoWrite?: (tx: Db, refs: SignedRecordRef[]) => Promise<void>;
}

/** A refusal raised to roll an all-or-nothing set back; the signer's doing, so no challenge is given back. */
class SetRefused extends Error {
  constructor(readonly refusal: unknown) {
    super('one record of an all-or-nothing set was refused');
  }
}

/**
 * The record stage: writes countersigned signings in ONE transaction — per record the signer (and,
 * when they were the last, the request) marked signed and the credential counter moved, then all
 * records and countersignatures as two multi-row inserts, then all leaves with one appendLeafBatch
 * (one head lock, one signed checkpoint) — and one COMMIT. When the transaction commits, every
 * record answered `ok` is in the ledger; when it fails, nothing of the batch is written, the error
 * is thrown and every challenge is given back (the same assertions may be sent again).
 *
 * A record refused inside the batch (its request was cancelled, declined, expired or already signed
 * concurrently, or its certificate revoked since it was countersigned) gets its own error and the
 * others commit. That is safe without savepoints because those refusals are raised only by reads
 * and by zero-row updates, before the refused record wrote anything (recordSignerSigned).
 *
 * Revocation stays exact: the certificates the batch was countersigned with are read FOR SHARE in
 * the transaction, so a concurrent revocation either commits first (and its records are refused
 * CERT_REVOKED) or waits for this commit.
 *
 * Callable with N records from N assertions or from one verified assertion (one approval of many
 * documents): each record needs its own recordId, request and countersignature.
 */
export async function recordSignings(ctx: Context, records: readonly SignedRecord[], options: RecordSigningsOptions = {}): Promise<ItemOutcome<SignedRecordRef>[]> {
  if (records.length === 0) return [];
  const key = await ledgerKey(ctx);
  let outcomes: ItemOutcome<SignedRecordRef>[];
  try {
    outcomes = await ctx.db.transaction(async (t) => {
      const tx = t as unknown as Db;
      const done = await recordInTransaction(ctx, tx, key, records);
      const refused = done.find((o) => !o.ok);
      if (options.allOrNothing && refused && !refused.ok) throw new SetRefused(refused.error);
      if (options.alsoWrite) await options.alsoWrite(tx, done.flatMap((o) => (o.ok ? [o.value] : [])));
      return done;
    });
  } catch (e) {
    const refusal = e instanceof SetRefused ? e.refusal : e;
    if (!(e instanceof SetRefused) || (isAppError(refusal) && ORGANIZATION_SIDE.has(refusal.code))) {
      await Promise.all(records.map((r) => releaseChallenge(ctx, r.challenge).catch(() => undefined)));
    }
    throw refusal;
  }
  await Promise.all(
    outcomes.map(async (o, i) => {
      const r = records[i] as SignedRecord;
      if (!o.ok && isAppError(o.error) && ORGANIZATION_SIDE.has(o.error.code)) await releaseChallenge(ctx, r.challenge);
    }),
  );
  return outcomes;
}

async function recordInTransaction(ctx: Context, tx: Db, key: Awaited<ReturnType<typeof ledgerKey>>, records: readonly SignedRecord[]): Promise<ItemOutcome<SignedRecordRef>[]> {
  const now = ctx.clock.now();
  const certificateIds = [...new Set(records.map((r) => r.countersignature.certificateId))];
  const certificates = await tx
    .select({ id: schema.certificates.id, subject: schema.certificates.subject, revokedAt: schema.certificates.revokedAt })
    .from(schema.certificates)
    .where(inArray(schema.certificates.id, certificateIds))
    .for('share');
  const revoked = new Map(certificates.filter((c) => c.revokedAt && c.revokedAt.getTime() <= now.getTime()).map((c) => [c.id, c]));

  const results: (ItemOutcome<SignedRecordRef> | { ok: 'pending'; requestSigned: boolean })[] = [];
  for (const r of records) {
    const cert = revoked.get(r.countersignature.certificateId);
    if (cert) {
      results.push({ ok: false, error: new PkiError('CERT_REVOKED', `expected an organisation certificate not revoked at ${now.toISOString()}; "${cert.subject}" was revoked at ${cert.revokedAt?.toISOString()}`) });
      continue;
    }
    let completed: boolean;
    try {
      completed = await recordSignerSigned(ctx, tx, r.request, r.signedAt);
    } catch (e) {
      if (!isAppError(e)) throw e;
      results.push({ ok: false, error: e });
      continue;
    }
    await tx
      .update(schema.credentials)
      .set({ counter: r.authenticator.newCounter, backedUp: r.authenticator.backedUp, lastUsedAt: r.signedAt })
      .where(eq(schema.credentials.id, r.assertion.credentialId));
    if (completed) await notifyRequestFinished(tx, ctx, r.request.id, 'signed');
    results.push({ ok: 'pending', requestSigned: completed });
  }

  const kept = records.filter((_, i) => results[i]?.ok === 'pending');
  if (kept.length === 0) return results as ItemOutcome<SignedRecordRef>[];
  await tx.insert(schema.signatureRecords).values(kept.map(recordRowOf));
  await tx.insert(schema.recordCountersignatures).values(kept.map(countersignatureRowOf));
  // Last, so the ledger head lock is held only for the append itself (lib/audit/append-leaf.ts).
  const entries = await appendLeafBatch(tx, ctx, key, kept.map((r) => ({ kind: 'signature', data: encodeSignatureLeaf(leafOf(r)), recordId: r.recordId })));
  let next = 0;
  return results.map((o, i) => {
    if (o.ok !== 'pending') return o;
    const r = records[i] as SignedRecord;
    const entry = entries[next++];
    if (!entry) throw new Error('expected one ledger entry per kept record');
    return { ok: true, value: { recordId: r.recordId, requestId: r.request.id, signedAt: r.signedAt.toISOString(), ledgerIndex: entry.index, requestSigned: o.requestSigned } };
  });
}

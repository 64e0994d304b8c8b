import type { AuthenticationResponseJSON } from '@simplewebauthn/server';
import type { Context } from '../context';
import { isAppError } from '../errors';
import { releaseChallenge } from './consume-challenge';
import { assertCanCountersign, countersignRecord } from './countersign-record';
import { ORGANIZATION_SIDE, recordSignings, type SignedRecordRef } from './record-signings';
import { publishRequestChanged } from './request-events';
import { findSignableRequest } from './resolve-token';
import { GroupCommitter } from './group-commit';
import { payloadOf, type SignedRecord } from './signed-record';
import { verifySigning, type SigningMeta } from './verify-signing';

export type { SigningMeta } from './verify-signing';
export type { SignedRecordRef } from './record-signings';

/** Bounds of one group commit (docs/benchmarks.md measures them): records per transaction. */
export const MAX_SIGNINGS_PER_COMMIT = 256;

const committers = new WeakMap<Context, GroupCommitter<SignedRecord, SignedRecordRef>>();

/** The process's one committer for this context's database: signings share its transactions. */
function committerFor(ctx: Context): GroupCommitter<SignedRecord, SignedRecordRef> {
  let committer = committers.get(ctx);
  if (!committer) {
    committer = new GroupCommitter((records) => recordSignings(ctx, records), { maxBatch: MAX_SIGNINGS_PER_COMMIT });
    committers.set(ctx, committer);
  }
  return committer;
}

/**
 * One signing through the named stages of the signing path (docs/architecture.md):
 *
 * 1. verify — the request is signable, the statement challenge is consumed, the assertion verifies
 *    against the signer's passkey (verify-signing.ts);
 * 2. countersign — the organisation signs and timestamps payloadOf(record), outside any transaction
 *    (countersign-record.ts);
 * 3. record — the record joins the next group commit: one transaction writes it with the others
 *    that arrived meanwhile and appends them all to the ledger under one signed checkpoint
 *    (record-signings.ts, group-commit.ts). The promise settles only after that COMMIT, so a signing
 *    answered as complete is already durable in the log;
 * 4. publish — watchers of the request are told (request-events.ts).
 *
 * CERT_EXPIRED / CERT_NOT_YET_VALID / CERT_REVOKED are refused before the challenge is consumed;
 * when the countersignature or the record stage fails on the organisation's side after it, the
 * challenge is given back. Either way the request stays pending and signs normally once the
 * organisation has fixed its side.
 */
export async function completeSigning(ctx: Context, token: string, response: AuthenticationResponseJSON, meta: SigningMeta): Promise<SignedRecordRef> {
  const request = await findSignableRequest(ctx, token);
  const identity = await assertCanCountersign(ctx);
  const verified = await verifySigning(ctx, request, response, meta);
  let record: SignedRecord;
  try {
    record = { ...verified, countersignature: await countersignRecord(ctx, payloadOf(verified), identity) };
  } catch (e) {
    if (isAppError(e) && ORGANIZATION_SIDE.has(e.code)) await releaseChallenge(ctx, verified.challenge);
    throw e;
  }
  const ref = await committerFor(ctx).submit(record);
  await publishRequestChanged(ctx.database, request.id);
  return ref;
}

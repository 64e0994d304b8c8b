import { eq } from 'drizzle-orm';
import { verifyAuthenticationResponse, type AuthenticationResponseJSON } from '@simplewebauthn/server';
import { isoBase64URL } from '@simplewebauthn/server/helpers';
import { schema, type Db } from '@/db/client';
import { appendSignature } from '../audit/append-signature';
import { ledgerKey } from '../audit/ledger-key';
import type { Context } from '../context';
import { notifyRequestFinished } from '../notifications/request-notices';
import { AppError, isAppError } from '../errors';
import { b64u } from '../certificates/certificate-store';
import { checkCeremony, decodeB64url, readClientData } from '../webauthn/check-response';
import { consumeChallenge, releaseChallenge } from './consume-challenge';
import { assertCanCountersign, countersignRecord, type RecordCountersignature } from './countersign-record';
import { publishRequestChanged } from './request-events';
import { assertSignable, findSignableRequest } from './resolve-token';
import { recordSignerSigned } from './record-signer-signed';

export interface SigningMeta {
  ip: string | null;
  userAgent: string | null;
}

export interface SignedRecordRef {
  recordId: string;
  requestId: string;
  signedAt: string;
  /** The record's leaf index in the signing ledger. */
  ledgerIndex: number;
  /** True when this signature was the last one the request needed. */
  requestSigned: boolean;
}

/** Refusals that are the organisation's side, not the signer's: the request stays signable. */
const ORGANIZATION_SIDE = new Set(['CERT_EXPIRED', 'CERT_NOT_YET_VALID', 'CERT_REVOKED', 'TSA_UNAVAILABLE', 'KEY_DECRYPT_FAILED', 'MASTER_KEY_INVALID']);

/**
 * Verifies the signer's assertion over the statement challenge, has the organisation countersign
 * and timestamp the record's canonical payload (before the transaction: the TSA round trip is slow
 * and must not hold the ledger lock), then, in one transaction, records the signature and its
 * countersignature, marks the signer (and, when they were the last, the request) signed and appends the record to the signing ledger under a
 * newly signed checkpoint, so a signing answered as complete is already in the log. Evidence is
 * stored exactly as the browser sent it.
 *
 * CERT_EXPIRED / CERT_NOT_YET_VALID / CERT_REVOKED are refused before the challenge is consumed;
 * when the countersignature fails after it (TSA_UNAVAILABLE), the challenge is given back. Either
 * way the request stays pending and signs normally once the organisation has fixed its side.
 */
export async function completeSigning(
  ctx: Context,
  token: string,
  response: AuthenticationResponseJSON,
  meta: SigningMeta,
): Promise<SignedRecordRef> {
  const request = await findSignableRequest(ctx, token);
  const clientData = readClientData(response.response.clientDataJSON);
  const authenticatorData = decodeB64url(response.response.authenticatorData, 'authenticatorData');
  decodeB64url(response.response.signature, 'signature');
  if (response.response.userHandle != null) decodeB64url(response.response.userHandle, 'userHandle');
  const identity = await assertCanCountersign(ctx);
  const challenge = await consumeChallenge(ctx, clientData.challenge, { requestId: request.id, signerId: request.signerId, kind: 'signing' });
  checkCeremony(clientData, authenticatorData, { type: 'webauthn.get', origin: ctx.config.origin, rpId: ctx.config.rpId });

  const [credential] = await ctx.db.select().from(schema.credentials).where(eq(schema.credentials.id, response.id));
  if (!credential || credential.signerId !== request.signerId) {
    throw new AppError('CREDENTIAL_UNKNOWN', `expected a passkey registered to this request's signer, got credential "${String(response.id).slice(0, 64)}"`);
  }

  let verification: Awaited<ReturnType<typeof verifyAuthenticationResponse>>;
  try {
    verification = await verifyAuthenticationResponse({
      response,
      expectedChallenge: challenge.challenge,
      expectedOrigin: ctx.config.origin,
      expectedRPID: ctx.config.rpId,
      expectedType: 'webauthn.get',
      requireUserVerification: true,
      credential: {
        id: credential.id,
        publicKey: isoBase64URL.toBuffer(credential.publicKeyCose),
        counter: credential.counter,
        transports: credential.transports,
      },
    });
  } catch (e) {
    const message = (e as Error).message ?? String(e);
    if (/counter/i.test(message)) {
      // A concurrent submission for this request may have won and raised the counter first: then
      // the honest answer is the request's new state, not a cloned-key warning.
      const [current] = await ctx.db.select().from(schema.signingRequests).where(eq(schema.signingRequests.id, request.id));
      if (current) assertSignable(current);
      throw new AppError('COUNTER_REGRESSION', `expected a signature counter above ${credential.counter}: ${message}`, { cause: e });
    }
    throw new AppError('SIGNATURE_INVALID', `expected a valid assertion signature: ${message}`, { cause: e });
  }
  if (!verification.verified) {
    throw new AppError('SIGNATURE_INVALID', 'expected the signature over authenticatorData ‖ SHA-256(clientDataJSON) to verify with the registered key; it does not');
  }

  const info = verification.authenticationInfo;
  const now = ctx.clock.now();
  const recordId = ctx.random.uuid();
  const statement = challenge.statement;
  if (!statement) throw new AppError('INTERNAL', 'expected the signing challenge to carry its statement');
  const key = await ledgerKey(ctx);
  const [document] = await ctx.db.select({ sha256: schema.documents.sha256 }).from(schema.documents).where(eq(schema.documents.id, request.documentId));
  if (!document) throw new AppError('INTERNAL', `expected the request's document ${request.documentId} to exist; it does not`);
  const [signer] = await ctx.db.select().from(schema.signers).where(eq(schema.signers.id, request.signerId));
  if (!signer) throw new AppError('INTERNAL', `expected the request's signer ${request.signerId} to exist; it does not`);

  let countersignature: RecordCountersignature;
  try {
    countersignature = await countersignRecord(ctx, {
      type: 'signet.countersignature.payload/v1',
      recordId,
      requestId: request.id,
      statement,
      assertion: {
        credentialId: credential.id,
        clientDataJSON: response.response.clientDataJSON,
        authenticatorData: response.response.authenticatorData,
        signature: response.response.signature,
        userHandle: response.response.userHandle ?? null,
      },
      credentialPublicKey: credential.publicKeySpki,
      algorithm: credential.algorithm,
      signer: { id: signer.id, name: signer.displayName, email: signer.email },
      documentSha256: document.sha256,
      signedAt: now.toISOString(),
    }, identity);
  } catch (e) {
    if (isAppError(e) && ORGANIZATION_SIDE.has(e.code)) await releaseChallenge(ctx, challenge);
    throw e;
  }

  const { ledgerIndex, requestSigned } = await ctx.db.transaction(async (tx) => {
    const completed = await recordSignerSigned(ctx, tx as unknown as Db, request, now);
    await tx
      .update(schema.credentials)
      .set({ counter: info.newCounter, backedUp: info.credentialBackedUp, lastUsedAt: now })
      .where(eq(schema.credentials.id, credential.id));
    await tx.insert(schema.signatureRecords).values({
      id: recordId,
      requestId: request.id,
      documentId: request.documentId,
      signerId: request.signerId,
      credentialId: credential.id,
      statement,
      challenge: challenge.challenge,
      clientDataJson: response.response.clientDataJSON,
      authenticatorData: response.response.authenticatorData,
      signature: response.response.signature,
      userHandle: response.response.userHandle ?? null,
      publicKeySpki: credential.publicKeySpki,
      algorithm: credential.algorithm,
      rpId: ctx.config.rpId,
      origin: clientData.origin,
      counter: info.newCounter,
      userVerified: info.userVerified,
      backupEligible: credential.backupEligible,
      backedUp: info.credentialBackedUp,
      signedAt: now,
      ip: meta.ip,
      userAgent: meta.userAgent?.slice(0, 512) ?? null,
    });
    await tx.insert(schema.recordCountersignatures).values({
      recordId,
      certificateId: countersignature.certificateId,
      payload: b64u(countersignature.payload),
      cms: b64u(countersignature.cms),
      timestamp: b64u(countersignature.timestamp),
      genTime: countersignature.genTime,
      signingTime: countersignature.signingTime,
    });
    if (completed) await notifyRequestFinished(tx, ctx, request.id, 'signed');
    // Last, so the ledger head lock is held only for the append itself (lib/audit/append-signature.ts).
    const entry = await appendSignature(tx, ctx, key, {
      recordId,
      requestId: request.id,
      signerId: request.signerId,
      signedAt: now.toISOString(),
      documentSha256: document.sha256,
      credentialId: credential.id,
      statement,
      clientDataJSON: response.response.clientDataJSON,
      authenticatorData: response.response.authenticatorData,
      signature: response.response.signature,
      publicKey: credential.publicKeySpki,
    });
    return { ledgerIndex: entry.index, requestSigned: completed };
  });
  await publishRequestChanged(ctx.database, request.id);
  return { recordId, requestId: request.id, signedAt: now.toISOString(), ledgerIndex, requestSigned };
}

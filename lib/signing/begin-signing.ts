import { createHash } from 'node:crypto';
import { relyingPartyName } from '../organization/organization-name';
import { eq } from 'drizzle-orm';
import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
} from '@simplewebauthn/server';
import { isoBase64URL } from '@simplewebauthn/server/helpers';
import { schema } from '@/db/client';
import type { Context } from '../context';
import { AppError } from '../errors';
import { priorLeafHashes } from './prior-leaves';
import { rosterSha256 } from './roster';
import { encodeStatement } from './statement';
import { findSignableRequest } from './resolve-token';
import { loadSlots } from './signer-slots';
import { SUPPORTED_ALGORITHMS } from '../webauthn/algorithms';

type Transports = NonNullable<NonNullable<Parameters<typeof generateAuthenticationOptions>[0]['allowCredentials']>[number]['transports']>;

/**
 * The stored transports plus "hybrid" (WebAuthn L3 §5.8.4): a returning signer on a new phone has
 * their passkey on another device, and only with hybrid among the hints does the browser offer
 * "use a passkey from another device" (the cross-device QR / Bluetooth flow) instead of failing.
 */
export function withHybrid(stored: string[]): Transports {
  const list = stored as Transports;
  return list.includes('hybrid') ? list : [...list, 'hybrid'];
}

/** WebAuthn challenges are single-use and live 5 minutes (also the authenticator timeout). */
export const CHALLENGE_TTL_MS = 5 * 60_000;

export type BeginSigningResult =
  | { kind: 'registration'; options: PublicKeyCredentialCreationOptionsJSON }
  | {
      kind: 'signing';
      options: PublicKeyCredentialRequestOptionsJSON;
      /** The statement text whose SHA-256 is options.challenge, for the phone to check and show. */
      statement: string;
    };

/**
 * Starts the passkey step. A signer without a passkey first registers one (bound to the signer
 * of this request); a signer with one gets an assertion challenge = SHA-256(statement), where the
 * statement commits to the document hash, request, signer, a server nonce and the issue time, and
 * on a request with several signers also to the roster, the signer's step and the ledger leaves of
 * the signatures recorded on it so far (lib/signing/statement.ts). A signer whose step has not come
 * yet is refused with SIGNER_NOT_YET.
 */
export async function beginSigning(ctx: Context, token: string): Promise<BeginSigningResult> {
  const request = await findSignableRequest(ctx, token);
  const now = ctx.clock.now();
  const [document] = await ctx.db.select().from(schema.documents).where(eq(schema.documents.id, request.documentId));
  const [signer] = await ctx.db.select().from(schema.signers).where(eq(schema.signers.id, request.signerId));
  if (!document || !signer) throw new AppError('INTERNAL', `expected the document and signer of request ${request.id}, one is missing`);

  // The QR promised these bytes; refuse to collect a signature if the stored blob no longer matches.
  const actual = await ctx.blobs.rehash(document.sha256).catch(() => 'missing');
  if (actual !== document.sha256) {
    throw new AppError('DOCUMENT_TAMPERED', `expected the stored document to hash to ${document.sha256}, it hashes to ${actual}`);
  }

  const credentials = await ctx.db.select().from(schema.credentials).where(eq(schema.credentials.signerId, signer.id));
  if (credentials.length === 0) return { kind: 'registration', options: await registrationChallenge(ctx, signer.id, request.id) };

  const slots = await loadSlots(ctx.db, request.id);
  const several =
    slots.length > 1
      ? {
          step: String(request.slot.step),
          signersSha256: rosterSha256(slots.map((s) => ({ id: s.signerId, step: s.step }))),
          priorLeaves: (await priorLeafHashes(ctx.db, request.id)).join(',') || 'none',
        }
      : {};
  const statementBytes = encodeStatement({
    documentSha256: document.sha256,
    requestId: request.id,
    signerId: signer.id,
    ...several,
    nonce: isoBase64URL.fromBuffer(ctx.random.bytes(32)),
    issuedAt: now.toISOString(),
  });
  const challengeBytes = createHash('sha256').update(statementBytes).digest();
  const options = await generateAuthenticationOptions({
    rpID: ctx.config.rpId,
    challenge: new Uint8Array(challengeBytes),
    timeout: CHALLENGE_TTL_MS,
    userVerification: 'required',
    allowCredentials: credentials.map((c) => ({ id: c.id, transports: withHybrid(c.transports) })),
  });
  await ctx.db.insert(schema.challenges).values({
    challenge: options.challenge,
    requestId: request.id,
    signerId: signer.id,
    kind: 'signing',
    statement: isoBase64URL.fromBuffer(statementBytes),
    createdAt: now,
    expiresAt: new Date(now.getTime() + CHALLENGE_TTL_MS),
  });
  return { kind: 'signing', options, statement: new TextDecoder().decode(statementBytes) };
}

/**
 * Registration options for a signer without a passkey, bound to that signer (WebAuthn user.id is
 * theirs) with UV required; the challenge is stored against `requestId`, the request whose link
 * (or the batch approval whose first document) asked for it.
 */
export async function registrationChallenge(ctx: Context, signerId: string, requestId: string): Promise<PublicKeyCredentialCreationOptionsJSON> {
  const [signer] = await ctx.db.select().from(schema.signers).where(eq(schema.signers.id, signerId));
  if (!signer) throw new AppError('INTERNAL', `expected signer ${signerId} to exist; it does not`);
  const now = ctx.clock.now();
  const challenge = isoBase64URL.fromBuffer(ctx.random.bytes(32));
  const options = await generateRegistrationOptions({
    rpName: await relyingPartyName(ctx),
    rpID: ctx.config.rpId,
    userID: isoBase64URL.toBuffer(signer.webauthnUserId),
    userName: signer.email ?? signer.displayName,
    userDisplayName: signer.displayName,
    challenge: isoBase64URL.toBuffer(challenge),
    attestationType: 'none',
    timeout: CHALLENGE_TTL_MS,
    supportedAlgorithmIDs: SUPPORTED_ALGORITHMS,
    authenticatorSelection: { residentKey: 'preferred', userVerification: 'required' },
  });
  await ctx.db.insert(schema.challenges).values({
    challenge: options.challenge,
    requestId,
    signerId,
    kind: 'registration',
    statement: null,
    createdAt: now,
    expiresAt: new Date(now.getTime() + CHALLENGE_TTL_MS),
  });
  return options;
}

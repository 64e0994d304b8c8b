import { eq } from 'drizzle-orm';
import { isoBase64URL } from '@simplewebauthn/server/helpers';
import { schema, type Db } from '@/db/client';
import type { Actor } from '../auth/actor';
import { assertVisible, recordOwner } from '../auth/ownership';
import type { Context } from '../context';
import { notifyRequestCreated } from '../notifications/request-notices';
import { AppError } from '../errors';
import { loadRequestView, type SigningRequestView } from './request-view';
import { buildSignUrl } from './sign-url';
import { planSigners, type PlannedSigner, type SignerInput, type SigningOrder } from './signer-list';
import { hashSigningToken, newSigningToken } from './token';

export interface CreateSigningRequestInput {
  documentId: string;
  title: string;
  documentType: string;
  /** One signer, as before `signers` existed; give either this or `signers`. */
  signerName?: string;
  signerEmail?: string | null;
  /** 1–20 signers (lib/signing/signer-list.ts for steps and order). */
  signers?: SignerInput[];
  order?: SigningOrder;
  requestedBy?: string | null;
  /** Lifetime in hours; the configured default (24 h) when absent. */
  expiresInHours?: number;
  /** The request this one re-requests (lib/signing/re-request.ts). */
  previousRequestId?: string;
}

export interface CreatedSigner {
  /** This signer's place on the request (the id the request view lists them under). */
  id: string;
  signerId: string;
  name: string;
  step: number;
  status: 'pending';
  /** The signer's own single-purpose token. Returned once: only its hash is stored. */
  token: string;
  signUrl: string;
}

export interface CreatedSigningRequest {
  request: SigningRequestView;
  /** The first signer's token and link (kept for one-signer clients). */
  token: string;
  /** ORIGIN/s/<token>#<hash and metadata>: what the QR encodes. */
  signUrl: string;
  signers: CreatedSigner[];
}

/**
 * Creates a signing request for an uploaded document and one link per signer. The actor must be
 * able to see the document (an uploader only their own) and owns the request.
 */
export async function createSigningRequest(ctx: Context, input: CreateSigningRequestInput, actor?: Actor): Promise<CreatedSigningRequest> {
  const now = ctx.clock.now();
  const type = ctx.config.documentTypes.find((t) => t.id === input.documentType);
  if (!type) {
    throw new AppError(
      'UNKNOWN_DOCUMENT_TYPE',
      `expected one of ${ctx.config.documentTypes.map((t) => `"${t.id}"`).join(', ')}, got "${input.documentType}"`,
    );
  }
  const planned = plan(input);
  const [document] = await ctx.db.select().from(schema.documents).where(eq(schema.documents.id, input.documentId));
  const notFound = `expected an uploaded document id, got "${input.documentId}"`;
  if (!document) throw new AppError('NOT_FOUND', notFound);
  await assertVisible(ctx, actor, 'document', document.id, notFound);

  const hours = input.expiresInHours ?? ctx.config.requestTtlHours;
  const expiresAt = new Date(now.getTime() + hours * 3_600_000);
  const requestId = ctx.random.uuid();
  const title = input.title.trim();
  const meta = { documentSha256: document.sha256, size: document.size, expiresAt, title };
  // The first place shares the request's id, so a one-signer request's matching code is as before.
  const tokens = planned.map((_, i) => {
    const token = newSigningToken(ctx.random);
    return { slotId: i === 0 ? requestId : ctx.random.uuid(), token, signUrl: buildSignUrl(ctx.config.origin, token, meta) };
  });

  const signerIds = await ctx.db.transaction(async (tx) => {
    const ids: string[] = [];
    for (const p of planned) ids.push(await findOrCreateSigner(ctx, tx as unknown as Db, p, now));
    if (new Set(ids).size !== ids.length) throw new AppError('SIGNERS_INVALID', 'expected each signer once; one person is listed twice');
    await tx.insert(schema.signingRequests).values({
      id: requestId,
      documentId: document.id,
      signerId: ids[0]!,
      title,
      requestedBy: input.requestedBy?.trim() || null,
      documentType: type.id,
      tokenHash: null,
      status: 'pending',
      createdAt: now,
      expiresAt,
      previousRequestId: input.previousRequestId ?? null,
    });
    await tx.insert(schema.requestSigners).values(
      planned.map((p, i) => ({
        id: tokens[i]!.slotId,
        requestId,
        signerId: ids[i]!,
        position: i,
        step: p.step,
        tokenHash: hashSigningToken(tokens[i]!.token),
        status: 'pending',
      })),
    );
    await recordOwner(tx, actor, 'request', requestId, now);
    await notifyRequestCreated(
      tx as unknown as Db,
      ctx,
      {
        requestId,
        title,
        documentType: type.id,
        signers: planned.map((p, i) => ({ name: p.name, email: p.email ?? null, step: p.step, signUrl: tokens[i]!.signUrl })),
        requestedBy: input.requestedBy?.trim() || null,
        expiresAt,
      },
      actor,
    );
    return ids;
  });

  const request = await loadRequestView(ctx.db, now, requestId);
  const signers = planned.map((p, i): CreatedSigner => ({
    id: tokens[i]!.slotId,
    signerId: signerIds[i]!,
    name: p.name,
    step: p.step,
    status: 'pending',
    token: tokens[i]!.token,
    signUrl: tokens[i]!.signUrl,
  }));
  return { request, token: signers[0]!.token, signUrl: signers[0]!.signUrl, signers };
}

function plan(input: CreateSigningRequestInput): PlannedSigner[] {
  if (input.signers !== undefined) {
    if (input.signerName !== undefined || input.signerEmail) throw new AppError('SIGNERS_INVALID', 'expected either "signers" or "signerName"/"signerEmail", got both');
    return planSigners(input.signers, input.order);
  }
  if (!input.signerName?.trim()) throw new AppError('SIGNERS_INVALID', 'expected "signers" (1 to 20) or a "signerName"');
  return planSigners([{ name: input.signerName, email: input.signerEmail }], undefined);
}

/** A returning signer is found by e-mail; two requests racing for a new one share one identity. */
async function findOrCreateSigner(ctx: Context, tx: Db, p: PlannedSigner, now: Date): Promise<string> {
  if (p.signerId) return p.signerId;
  if (p.email) {
    const [existing] = await tx.select({ id: schema.signers.id }).from(schema.signers).where(eq(schema.signers.email, p.email));
    if (existing) return existing.id;
  }
  const [inserted] = await tx
    .insert(schema.signers)
    .values({ id: ctx.random.uuid(), displayName: p.name, email: p.email, webauthnUserId: isoBase64URL.fromBuffer(ctx.random.bytes(32)), createdAt: now })
    .onConflictDoNothing({ target: schema.signers.email })
    .returning({ id: schema.signers.id });
  if (inserted) return inserted.id;
  if (p.email) {
    const [raced] = await tx.select({ id: schema.signers.id }).from(schema.signers).where(eq(schema.signers.email, p.email));
    if (raced) return raced.id;
  }
  throw new AppError('INTERNAL', 'expected to create or find the signer, found neither');
}

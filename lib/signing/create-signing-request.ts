import { eq } from 'drizzle-orm';
import { isoBase64URL } from '@simplewebauthn/server/helpers';
import { schema } from '@/db/client';
import type { Actor } from '../auth/actor';
import { assertVisible, recordOwner } from '../auth/ownership';
import type { Context } from '../context';
import { notifyRequestCreated } from '../notifications/request-notices';
import { AppError } from '../errors';
import { loadRequestView, type SigningRequestView } from './request-view';
import { buildSignUrl } from './sign-url';
import { hashSigningToken, newSigningToken } from './token';

export interface CreateSigningRequestInput {
  documentId: string;
  title: string;
  documentType: string;
  signerName: string;
  signerEmail?: string | null;
  requestedBy?: string | null;
  /** Lifetime in hours; the configured default (24 h) when absent. */
  expiresInHours?: number;
}

export interface CreatedSigningRequest {
  request: SigningRequestView;
  /** The single-purpose token. Returned once: only its hash is stored. */
  token: string;
  /** ORIGIN/s/<token>#<hash and metadata>: what the QR encodes. */
  signUrl: string;
}

/**
 * Creates a signing request for an uploaded document and the one-time link its QR carries. The actor
 * must be able to see the document (an uploader only their own) and owns the request.
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
  const [document] = await ctx.db.select().from(schema.documents).where(eq(schema.documents.id, input.documentId));
  const notFound = `expected an uploaded document id, got "${input.documentId}"`;
  if (!document) throw new AppError('NOT_FOUND', notFound);
  await assertVisible(ctx, actor, 'document', document.id, notFound);

  const hours = input.expiresInHours ?? ctx.config.requestTtlHours;
  const expiresAt = new Date(now.getTime() + hours * 3_600_000);
  const token = newSigningToken(ctx.random);
  const email = input.signerEmail?.trim().toLowerCase() || null;
  const requestId = ctx.random.uuid();
  const title = input.title.trim();
  const signUrl = buildSignUrl(ctx.config.origin, token, { documentSha256: document.sha256, size: document.size, expiresAt, title });

  await ctx.db.transaction(async (tx) => {
    let signerId: string | undefined;
    if (email) {
      const [existing] = await tx.select({ id: schema.signers.id }).from(schema.signers).where(eq(schema.signers.email, email));
      signerId = existing?.id;
    }
    if (!signerId) {
      const id = ctx.random.uuid();
      // A returning signer is found by email; two requests racing for a new one share one identity.
      const [inserted] = await tx
        .insert(schema.signers)
        .values({
          id,
          displayName: input.signerName.trim(),
          email,
          webauthnUserId: isoBase64URL.fromBuffer(ctx.random.bytes(32)),
          createdAt: now,
        })
        .onConflictDoNothing({ target: schema.signers.email })
        .returning({ id: schema.signers.id });
      signerId = inserted?.id;
      if (!signerId && email) {
        const [raced] = await tx.select({ id: schema.signers.id }).from(schema.signers).where(eq(schema.signers.email, email));
        signerId = raced?.id;
      }
      if (!signerId) throw new AppError('INTERNAL', 'expected to create or find the signer, found neither');
    }
    await tx.insert(schema.signingRequests).values({
      id: requestId,
      documentId: document.id,
      signerId,
      title,
      requestedBy: input.requestedBy?.trim() || null,
      documentType: type.id,
      tokenHash: hashSigningToken(token),
      status: 'pending',
      createdAt: now,
      expiresAt,
    });
    await recordOwner(tx, actor, 'request', requestId, now);
    await notifyRequestCreated(
      tx,
      ctx,
      { requestId, title, documentType: type.id, signerName: input.signerName.trim(), signerEmail: email, requestedBy: input.requestedBy?.trim() || null, expiresAt, signUrl },
      actor,
    );
  });

  const request = await loadRequestView(ctx.db, now, requestId);
  return { request, token, signUrl };
}

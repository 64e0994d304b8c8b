import { and, eq } from 'drizzle-orm';
import { schema } from '@/db/client';
import type { Context } from '../context';
import { AppError } from '../errors';
import type { RequestStatus } from './request-view';
import { publishRequestChanged } from './request-events';
import { findRequestByToken } from './resolve-token';

/** What the phone shows before signing. */
export interface CeremonyView {
  requestId: string;
  title: string;
  documentType: { id: string; label: string };
  requestedBy: string | null;
  status: RequestStatus;
  expiresAt: string;
  signedAt: string | null;
  declinedAt: string | null;
  document: { sha256: string; size: number; mediaType: string; name: string };
  signer: { displayName: string; hasPasskey: boolean };
}

/**
 * Loads the ceremony for a signing token. The first load by the phone moves the request from
 * pending to opened and tells the desktop.
 */
export async function getCeremony(ctx: Context, token: string): Promise<CeremonyView> {
  let row = await findRequestByToken(ctx, token);
  if (row.status === 'pending') {
    const now = ctx.clock.now();
    const opened = await ctx.db
      .update(schema.signingRequests)
      .set({ status: 'opened', openedAt: now })
      .where(and(eq(schema.signingRequests.id, row.id), eq(schema.signingRequests.status, 'pending')))
      .returning();
    if (opened[0]) {
      row = opened[0];
      await publishRequestChanged(ctx.database, row.id);
    }
  }
  const [document] = await ctx.db.select().from(schema.documents).where(eq(schema.documents.id, row.documentId));
  const [signer] = await ctx.db.select().from(schema.signers).where(eq(schema.signers.id, row.signerId));
  if (!document || !signer) throw new AppError('INTERNAL', `expected the document and signer of request ${row.id}, one is missing`);
  const [credential] = await ctx.db
    .select({ id: schema.credentials.id })
    .from(schema.credentials)
    .where(eq(schema.credentials.signerId, signer.id))
    .limit(1);
  const type = ctx.config.documentTypes.find((t) => t.id === row.documentType) ?? { id: row.documentType, label: row.documentType };
  return {
    requestId: row.id,
    title: row.title,
    documentType: type,
    requestedBy: row.requestedBy,
    status: row.status as RequestStatus,
    expiresAt: row.expiresAt.toISOString(),
    signedAt: row.signedAt?.toISOString() ?? null,
    declinedAt: row.declinedAt?.toISOString() ?? null,
    document: { sha256: document.sha256, size: document.size, mediaType: document.mediaType, name: document.originalName },
    signer: { displayName: signer.displayName, hasPasskey: Boolean(credential) },
  };
}

/** The document's bytes for the phone, refused once the link has expired or is unknown. */
export async function openCeremonyDocument(
  ctx: Context,
  token: string,
): Promise<{ sha256: string; size: number; mediaType: string; name: string; stream: NodeJS.ReadableStream }> {
  const row = await findRequestByToken(ctx, token);
  if (row.status === 'expired') throw new AppError('REQUEST_EXPIRED', `expected a live signing link; it expired at ${row.expiresAt.toISOString()}`);
  const [document] = await ctx.db.select().from(schema.documents).where(eq(schema.documents.id, row.documentId));
  if (!document) throw new AppError('NOT_FOUND', `expected the document of request ${row.id}, it is missing`);
  return {
    sha256: document.sha256,
    size: document.size,
    mediaType: document.mediaType,
    name: document.originalName,
    stream: ctx.blobs.open(document.sha256),
  };
}

import { and, eq, inArray } from 'drizzle-orm';
import { schema } from '@/db/client';
import type { Context } from '../context';
import { AppError } from '../errors';
import { notifyRequestOpened } from '../notifications/request-notices';
import type { RequestStatus, SignerStatus } from './request-view';
import { publishRequestChanged } from './request-events';
import { findRequestByToken, type TokenRequest } from './resolve-token';
import { loadSlots, waitingFor } from './signer-slots';

/** What the phone shows before signing. */
export interface CeremonyView {
  requestId: string;
  /** This signer's place on the request: the phone's matching code is derived from it. */
  slotId: string;
  title: string;
  documentType: { id: string; label: string };
  requestedBy: string | null;
  /** As this signer sees it: "signed" once they have signed, even while others have yet to. */
  status: RequestStatus;
  expiresAt: string;
  signedAt: string | null;
  declinedAt: string | null;
  document: { sha256: string; size: number; mediaType: string; name: string };
  signer: { displayName: string; hasPasskey: boolean };
  step: number;
  /** Every signer of the request, in list order. */
  signers: { displayName: string; step: number; status: SignerStatus; you: boolean }[];
  /** The signers of earlier steps who must sign first; empty when it is this signer's turn. */
  waitingFor: string[];
}

/**
 * Loads the ceremony for a signing token. The first load by a phone moves that signer (and a
 * pending request) to opened and tells the desktop. A cancelled request answers REQUEST_CANCELLED.
 */
export async function getCeremony(ctx: Context, token: string): Promise<CeremonyView> {
  let row = await findRequestByToken(ctx, token);
  if (row.status === 'cancelled') throw new AppError('REQUEST_CANCELLED', `expected a live signing link; the request was cancelled at ${row.cancelledAt?.toISOString()}`);
  if (row.slot.status === 'pending' && (row.status === 'pending' || row.status === 'opened')) row = await markOpened(ctx, row);
  const [document] = await ctx.db.select().from(schema.documents).where(eq(schema.documents.id, row.documentId));
  const slots = await loadSlots(ctx.db, row.id);
  const people = await ctx.db.select().from(schema.signers).where(inArray(schema.signers.id, slots.map((s) => s.signerId)));
  const signer = people.find((p) => p.id === row.signerId);
  if (!document || !signer) throw new AppError('INTERNAL', `expected the document and signer of request ${row.id}, one is missing`);
  const [credential] = await ctx.db
    .select({ id: schema.credentials.id })
    .from(schema.credentials)
    .where(eq(schema.credentials.signerId, signer.id))
    .limit(1);
  const type = ctx.config.documentTypes.find((t) => t.id === row.documentType) ?? { id: row.documentType, label: row.documentType };
  const nameOf = (signerId: string) => people.find((p) => p.id === signerId)?.displayName ?? '';
  const signed = row.slot.status === 'signed';
  return {
    requestId: row.id,
    slotId: row.slot.id,
    title: row.title,
    documentType: type,
    requestedBy: row.requestedBy,
    status: signed && row.status !== 'cancelled' ? 'signed' : (row.status as RequestStatus),
    expiresAt: row.expiresAt.toISOString(),
    signedAt: row.slot.signedAt?.toISOString() ?? null,
    declinedAt: row.declinedAt?.toISOString() ?? null,
    document: { sha256: document.sha256, size: document.size, mediaType: document.mediaType, name: document.originalName },
    signer: { displayName: signer.displayName, hasPasskey: Boolean(credential) },
    step: row.slot.step,
    signers: slots.map((s) => ({ displayName: nameOf(s.signerId), step: s.step, status: s.status as SignerStatus, you: s.id === row.slot.id })),
    waitingFor: waitingFor(slots, row.slot).map((s) => nameOf(s.signerId)),
  };
}

async function markOpened(ctx: Context, row: TokenRequest): Promise<TokenRequest> {
  const now = ctx.clock.now();
  // One transaction: the first opening and its request.opened webhook commit together.
  const opened = await ctx.db.transaction(async (tx) => {
    const [slot] = await tx
      .update(schema.requestSigners)
      .set({ status: 'opened', openedAt: now })
      .where(and(eq(schema.requestSigners.id, row.slot.id), eq(schema.requestSigners.status, 'pending')))
      .returning();
    if (!slot) return null;
    const [request] = await tx
      .update(schema.signingRequests)
      .set({ status: 'opened', openedAt: now })
      .where(and(eq(schema.signingRequests.id, row.id), eq(schema.signingRequests.status, 'pending')))
      .returning();
    await notifyRequestOpened(tx, ctx, row.id, slot.id);
    return { slot, request };
  });
  if (!opened) return row;
  const { slot, request } = opened;
  await publishRequestChanged(ctx.database, row.id);
  return { ...(request ?? row), signerId: row.signerId, slot };
}

/** The document's bytes for the phone, refused once the link has expired, been cancelled or is unknown. */
export async function openCeremonyDocument(
  ctx: Context,
  token: string,
): Promise<{ sha256: string; size: number; mediaType: string; name: string; stream: NodeJS.ReadableStream }> {
  const row = await findRequestByToken(ctx, token);
  if (row.status === 'expired') throw new AppError('REQUEST_EXPIRED', `expected a live signing link; it expired at ${row.expiresAt.toISOString()}`);
  if (row.status === 'cancelled') throw new AppError('REQUEST_CANCELLED', `expected a live signing link; the request was cancelled at ${row.cancelledAt?.toISOString()}`);
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

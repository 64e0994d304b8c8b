import { and, eq, inArray } from 'drizzle-orm';
import { schema } from '@/db/client';
import type { Context } from '../context';
import { AppError } from '../errors';
import { signatureEvidence } from '../evidence/signature-evidence';
import type { EvidenceBundle } from '../evidence/evidence-format';
import { hashLeaf } from '../ledger/merkle-hash';
import { findRequestByToken, type TokenRequest } from './resolve-token';
import { loadSlots } from './signer-slots';

/** What a signer keeps after signing: the facts of their signature, for a human-readable receipt. */
export interface SignerReceipt {
  requestId: string;
  title: string;
  document: { name: string; sha256: string; size: number };
  signer: { name: string; signedAt: string };
  recordId: string;
  ledger: { index: number; leafHash: string } | null;
  /** Everyone on the request, as things stood when the receipt was made. */
  signers: { name: string; step: number; status: string; signedAt: string | null }[];
}

async function ownRecord(ctx: Context, token: string): Promise<{ request: TokenRequest; recordId: string }> {
  const request = await findRequestByToken(ctx, token);
  const [record] = await ctx.db
    .select({ id: schema.signatureRecords.id })
    .from(schema.signatureRecords)
    .where(and(eq(schema.signatureRecords.requestId, request.id), eq(schema.signatureRecords.signerId, request.signerId)));
  if (!record) throw new AppError('REQUEST_NOT_SIGNABLE', 'expected a signer who has signed this request; this one has not (yet)');
  return { request, recordId: record.id };
}

/** The receipt of the token's own signature; only ever that one signer's. */
export async function getSignerReceipt(ctx: Context, token: string): Promise<SignerReceipt> {
  const { request, recordId } = await ownRecord(ctx, token);
  const [document] = await ctx.db.select().from(schema.documents).where(eq(schema.documents.id, request.documentId));
  const [leaf] = await ctx.db.select().from(schema.ledgerLeaves).where(eq(schema.ledgerLeaves.recordId, recordId));
  const slots = await loadSlots(ctx.db, request.id);
  const people = await ctx.db.select().from(schema.signers).where(inArray(schema.signers.id, slots.map((s) => s.signerId)));
  const nameOf = (id: string) => people.find((p) => p.id === id)?.displayName ?? '';
  if (!document) throw new AppError('INTERNAL', `expected the document of request ${request.id}, it is missing`);
  return {
    requestId: request.id,
    title: request.title,
    document: { name: document.originalName, sha256: document.sha256, size: document.size },
    signer: { name: nameOf(request.signerId), signedAt: request.slot.signedAt?.toISOString() ?? '' },
    recordId,
    ledger: leaf ? { index: leaf.idx, leafHash: Buffer.from(hashLeaf(Buffer.from(leaf.data, 'base64url'))).toString('hex') } : null,
    signers: slots.map((s) => ({ name: nameOf(s.signerId), step: s.step, status: s.status, signedAt: s.signedAt?.toISOString() ?? null })),
  };
}

/** The evidence bundle (v1) of the token's own signature: it verifies on its own with `npm run verify`. */
export async function getSignerEvidence(ctx: Context, token: string): Promise<EvidenceBundle> {
  const { recordId } = await ownRecord(ctx, token);
  return signatureEvidence(ctx, recordId);
}

import { and, eq, inArray } from 'drizzle-orm';
import { schema, type Db } from '@/db/client';
import type { Actor } from '../auth/actor';
import { visibilityFor, visibleWhere } from '../auth/ownership';
import type { Context } from '../context';
import { AppError } from '../errors';
import { createSigningRequest, type CreatedSigningRequest } from '../signing/create-signing-request';
import { planSigners, type SignerInput, type SigningOrder } from '../signing/signer-list';
import { hashSigningToken, newSigningToken } from '../signing/token';
import { parseManifest, type ManifestRow } from './manifest';
import { MAX_BATCH_DOCUMENTS, parsePriority, type Priority } from './priority';

export interface BatchDocumentInput {
  /** An id the upload API answered. */
  documentId: string;
  /** Defaults: the manifest's row for the file, else the file name. */
  title?: string;
  documentType?: string;
  priority?: string;
  /** Where it goes among the documents of this call (0-based); the list order when absent. */
  position?: number;
  /** This document's own signers; else the manifest's signer, else the batch's signers. */
  signers?: SignerInput[];
  order?: SigningOrder;
}

export interface BatchDocumentsInput {
  documents: BatchDocumentInput[];
  /** The signers of every document that names none of its own. */
  signers?: SignerInput[];
  order?: SigningOrder;
  /** CSV text: file, title, type, priority, signer name, email (lib/batches/manifest.ts). */
  manifest?: string;
  expiresInHours?: number;
  requestedBy?: string | null;
}

export interface PreparedDocument {
  documentId: string;
  title: string;
  documentType: string;
  priority: Priority;
  signers: SignerInput[];
  order?: SigningOrder;
}

export interface BatchQueueLink {
  signerId: string;
  name: string;
  email: string | null;
  /** Returned once: only its hash is stored. */
  token: string;
  queueUrl: string;
}

/**
 * Checks everything about the documents before anything is written: count, visibility, manifest,
 * priority, type and signers. Any problem refuses the whole call.
 */
export async function prepareDocuments(ctx: Context, input: BatchDocumentsInput, already: number, actor: Actor | undefined): Promise<PreparedDocument[]> {
  if (input.documents.length === 0) throw new AppError('BATCH_EMPTY', 'expected at least one document, got none');
  if (already + input.documents.length > MAX_BATCH_DOCUMENTS) {
    throw new AppError('BATCH_TOO_LARGE', `expected at most ${MAX_BATCH_DOCUMENTS} documents in a batch, got ${already + input.documents.length}`);
  }
  const ids = [...new Set(input.documents.map((d) => d.documentId))];
  if (ids.length !== input.documents.length) throw new AppError('VALIDATION_FAILED', 'expected each document once, one id is listed twice');
  const visibility = await visibilityFor(ctx, actor);
  const rows = await ctx.db
    .select({ id: schema.documents.id, name: schema.documents.originalName })
    .from(schema.documents)
    .where(and(inArray(schema.documents.id, ids), visibleWhere(visibility, 'document', schema.documents.id)));
  const nameOf = new Map(rows.map((r) => [r.id, r.name]));
  const missing = ids.find((id) => !nameOf.has(id));
  if (missing) throw new AppError('NOT_FOUND', `expected an uploaded document id, got "${missing}"`);
  const manifest = new Map<string, ManifestRow>();
  if (input.manifest !== undefined) for (const r of parseManifest(input.manifest, [...nameOf.values()])) manifest.set(r.file, r);

  const ordered = input.documents.map((d, i) => ({ d, at: d.position ?? i, i })).sort((a, b) => a.at - b.at || a.i - b.i);
  return ordered.map(({ d, i }) => {
    const where = `documents[${i}]`;
    const row = manifest.get(nameOf.get(d.documentId)!);
    const documentType = d.documentType ?? (row?.type || undefined);
    if (!documentType || !ctx.config.documentTypes.some((t) => t.id === documentType)) {
      throw new AppError('UNKNOWN_DOCUMENT_TYPE', `${where}: expected one of ${ctx.config.documentTypes.map((t) => `"${t.id}"`).join(', ')}, got "${documentType ?? ''}"`);
    }
    const signers = d.signers ?? (row ? [{ name: row.signerName, email: row.email || null }] : input.signers);
    if (!signers) throw new AppError('SIGNERS_INVALID', `${where}: expected signers for the document or for the batch`);
    const order = d.order ?? input.order;
    planSigners(signers, order);
    return {
      documentId: d.documentId,
      title: (d.title ?? row?.title ?? nameOf.get(d.documentId)!).trim(),
      documentType,
      priority: parsePriority(d.priority ?? row?.priority, where),
      signers,
      order,
    };
  });
}

/**
 * Creates one ordinary signing request per document, places it in the batch, and gives every new
 * signer of the batch a queue link. Runs inside the caller's transaction: all or nothing.
 */
export async function insertDocuments(
  ctx: Context,
  tx: Db,
  batchId: string,
  prepared: PreparedDocument[],
  firstPosition: number,
  input: Pick<BatchDocumentsInput, 'expiresInHours' | 'requestedBy'>,
  actor: Actor | undefined,
): Promise<{ requests: CreatedSigningRequest[]; links: BatchQueueLink[] }> {
  // createSigningRequest opens its own transaction; on this handle that is a savepoint of ours.
  const txCtx: Context = { ...ctx, db: tx };
  const requests: CreatedSigningRequest[] = [];
  for (const [i, p] of prepared.entries()) {
    const created = await createSigningRequest(
      txCtx,
      { documentId: p.documentId, title: p.title, documentType: p.documentType, signers: p.signers, order: p.order, expiresInHours: input.expiresInHours, requestedBy: input.requestedBy },
      actor,
    );
    await tx.insert(schema.batchDocuments).values({ requestId: created.request.id, batchId, position: firstPosition + i, priority: p.priority });
    requests.push(created);
  }
  const have = new Set((await tx.select({ id: schema.batchSigners.signerId }).from(schema.batchSigners).where(eq(schema.batchSigners.batchId, batchId))).map((r) => r.id));
  const links: BatchQueueLink[] = [];
  for (const r of requests) {
    for (const s of r.request.signers) {
      if (have.has(s.signerId)) continue;
      have.add(s.signerId);
      const token = newSigningToken(ctx.random);
      await tx.insert(schema.batchSigners).values({ id: ctx.random.uuid(), batchId, signerId: s.signerId, tokenHash: hashSigningToken(token), createdAt: ctx.clock.now() });
      links.push({ signerId: s.signerId, name: s.displayName, email: s.email, token, queueUrl: queueUrl(ctx.config.origin, token) });
    }
  }
  return { requests, links };
}

/** What a signer's batch QR encodes: the phone's queue page. */
export function queueUrl(origin: string, token: string): string {
  return `${origin.replace(/\/$/, '')}/q/${token}`;
}

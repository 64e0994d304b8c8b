import { asc, eq, inArray } from 'drizzle-orm';
import { schema } from '@/db/client';
import type { Context } from '../context';
import { loadSlots } from '../signing/signer-slots';
import { effectiveStatus } from '../signing/request-view';
import { EVIDENCE_VERSION_V2, type EvidenceBundleV2 } from './evidence-format';
import { signatureEvidence } from './signature-evidence';

/**
 * The v2 bundle of a request with several signers: its roster and every signature recorded so
 * far, in ledger order, each as its own v1 bundle. Undefined for a one-signer request (v1 stays).
 */
export async function requestEvidence(ctx: Context, requestId: string): Promise<EvidenceBundleV2 | undefined> {
  const slots = await loadSlots(ctx.db, requestId);
  if (slots.length < 2) return undefined;
  const [row] = await ctx.db
    .select({ request: schema.signingRequests, document: schema.documents })
    .from(schema.signingRequests)
    .innerJoin(schema.documents, eq(schema.documents.id, schema.signingRequests.documentId))
    .where(eq(schema.signingRequests.id, requestId));
  if (!row) return undefined;
  const people = await ctx.db.select().from(schema.signers).where(inArray(schema.signers.id, slots.map((s) => s.signerId)));
  const records = await ctx.db
    .select({ id: schema.signatureRecords.id })
    .from(schema.signatureRecords)
    .leftJoin(schema.ledgerLeaves, eq(schema.ledgerLeaves.recordId, schema.signatureRecords.id))
    .where(eq(schema.signatureRecords.requestId, requestId))
    .orderBy(asc(schema.ledgerLeaves.idx), asc(schema.signatureRecords.signedAt));
  const signatures = [];
  for (const r of records) signatures.push(await signatureEvidence(ctx, r.id));
  const { request, document } = row;
  return {
    version: EVIDENCE_VERSION_V2,
    request: {
      id: request.id,
      title: request.title,
      status: effectiveStatus(request, ctx.clock.now()),
      document: { sha256: document.sha256, name: document.originalName, size: document.size, mediaType: document.mediaType },
      signers: slots.map((s) => ({ id: s.signerId, displayName: people.find((p) => p.id === s.signerId)?.displayName ?? '', step: s.step })),
    },
    signatures,
  };
}

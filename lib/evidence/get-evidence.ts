import { eq } from 'drizzle-orm';
import { schema } from '@/db/client';
import type { Actor } from '../auth/actor';
import { assertVisible } from '../auth/ownership';
import type { Context } from '../context';
import { AppError } from '../errors';
import type { EvidenceBundle, EvidenceBundleV2 } from './evidence-format';
import { requestEvidence } from './request-evidence';
import { signatureEvidence } from './signature-evidence';

/**
 * Assembles the evidence of a signed record from the bytes stored as received: for a request with
 * one signer the v1 bundle of that signature; with several, the whole request as a v2 bundle
 * (lib/evidence/request-evidence.ts). An uploader gets only the evidence of their own requests;
 * another's answers as a missing id.
 */
export async function getEvidence(ctx: Context, recordId: string, actor?: Actor): Promise<EvidenceBundle | EvidenceBundleV2> {
  const [row] = await ctx.db.select({ requestId: schema.signatureRecords.requestId }).from(schema.signatureRecords).where(eq(schema.signatureRecords.id, recordId));
  const notFound = `expected an existing signature record id, got "${recordId}"`;
  if (!row) throw new AppError('NOT_FOUND', notFound);
  await assertVisible(ctx, actor, 'request', row.requestId, notFound);
  const several = await requestEvidence(ctx, row.requestId);
  return several ?? signatureEvidence(ctx, recordId);
}


import { and, asc, eq, gt } from 'drizzle-orm';
import { schema } from '@/db/client';
import type { Actor } from '../auth/actor';
import { assertVisible } from '../auth/ownership';
import type { Context } from '../context';
import { AppError } from '../errors';
import { describeUserAgent } from '../operations/describe-user-agent';
import { organizationName } from '../organization/organization-name';

/** What the signing certificate shows: read from the stored records, never recomputed. */
export interface CertificateSignerFacts {
  recordId: string;
  name: string;
  email: string | null;
  signedAt: Date;
  /** The parsed User-Agent of the signing browser (ua-parser-js), null when none was recorded. */
  device: string | null;
  userVerified: boolean;
  credentialId: string;
  countersignature: { subject: string; serial: string; notBefore: Date; notAfter: Date; timestampedAt: Date } | null;
  ledgerIndex: number | null;
  /** The first signed checkpoint that covers the leaf (c2sp.org/tlog-checkpoint). */
  checkpoint: { treeSize: number; rootHash: string } | null;
}

export interface SigningCertificateFacts {
  requestId: string;
  title: string;
  documentType: string;
  organisation: string;
  requestedAt: Date;
  signedAt: Date;
  document: { name: string; sha256: string; size: number; mediaType: string };
  signers: CertificateSignerFacts[];
  verifyUrl: string;
}

/**
 * Gathers a signed request's facts for its signing certificate. NOT_FOUND for an unknown id or
 * one the actor may not read (same answer, so ids cannot be probed), REQUEST_NOT_SIGNED before
 * the last signer signed.
 */
export async function signingCertificateFacts(ctx: Context, requestId: string, actor?: Actor): Promise<SigningCertificateFacts> {
  const notFound = `expected an existing signing request id, got "${requestId.slice(0, 64)}"`;
  await assertVisible(ctx, actor, 'request', requestId, notFound);
  const [row] = await ctx.db
    .select({ request: schema.signingRequests, document: schema.documents })
    .from(schema.signingRequests)
    .innerJoin(schema.documents, eq(schema.documents.id, schema.signingRequests.documentId))
    .where(eq(schema.signingRequests.id, requestId));
  if (!row) throw new AppError('NOT_FOUND', notFound);
  const { request, document } = row;
  if (request.status !== 'signed' || !request.signedAt) {
    throw new AppError('REQUEST_NOT_SIGNED', `expected a signed request; "${request.id}" is ${request.status}`);
  }
  const records = await ctx.db
    .select({ record: schema.signatureRecords, signer: schema.signers, cs: schema.recordCountersignatures, cert: schema.certificates, leaf: schema.ledgerLeaves })
    .from(schema.signatureRecords)
    .innerJoin(schema.signers, eq(schema.signers.id, schema.signatureRecords.signerId))
    .leftJoin(schema.recordCountersignatures, eq(schema.recordCountersignatures.recordId, schema.signatureRecords.id))
    .leftJoin(schema.certificates, eq(schema.certificates.id, schema.recordCountersignatures.certificateId))
    .leftJoin(schema.ledgerLeaves, and(eq(schema.ledgerLeaves.recordId, schema.signatureRecords.id), eq(schema.ledgerLeaves.kind, 'signature')))
    .where(eq(schema.signatureRecords.requestId, request.id))
    .orderBy(asc(schema.signatureRecords.signedAt));
  const signers: CertificateSignerFacts[] = [];
  for (const { record, signer, cs, cert, leaf } of records) {
    const [checkpoint] =
      leaf === null
        ? []
        : await ctx.db
            .select({ treeSize: schema.ledgerCheckpoints.treeSize, rootHash: schema.ledgerCheckpoints.rootHash })
            .from(schema.ledgerCheckpoints)
            .where(gt(schema.ledgerCheckpoints.treeSize, leaf.idx))
            .orderBy(asc(schema.ledgerCheckpoints.treeSize))
            .limit(1);
    signers.push({
      recordId: record.id,
      name: signer.displayName,
      email: signer.email,
      signedAt: record.signedAt,
      device: describeUserAgent(record.userAgent),
      userVerified: record.userVerified,
      credentialId: record.credentialId,
      countersignature: cs && cert ? { subject: cert.subject, serial: cert.serial, notBefore: cert.notBefore, notAfter: cert.notAfter, timestampedAt: cs.genTime } : null,
      ledgerIndex: leaf?.idx ?? null,
      checkpoint: checkpoint ?? null,
    });
  }
  const verify = new URLSearchParams({ request: request.id });
  if (signers[0]) verify.set('record', signers[0].recordId);
  return {
    requestId: request.id,
    title: request.title,
    documentType: request.documentType,
    organisation: await organizationName(ctx),
    requestedAt: request.createdAt,
    signedAt: request.signedAt,
    document: { name: document.originalName, sha256: document.sha256, size: document.size, mediaType: document.mediaType },
    signers,
    verifyUrl: `${ctx.config.origin}/verify?${verify.toString()}`,
  };
}

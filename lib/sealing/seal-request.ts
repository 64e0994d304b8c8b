import { asc, eq } from 'drizzle-orm';
import { organizationName } from '../organization/organization-name';
import { schema } from '@/db/client';
import type { Context } from '../context';
import { certificateKey, describeCertificate } from '../certificates/certificate-store';
import { activeSigningIdentity } from '../certificates/signing-identity';
import { AppError, isAppError } from '../errors';
import { signatureEvidence } from '../evidence/signature-evidence';
import { buildSealedPdf, type Attachment } from './build-sealed-pdf';
import { localCrlFor } from './local-crl';
import { organisationSigner, pdfTimestampAuthority, revocationProvider } from './pades-adapters';
import type { SealFacts } from './seal-facts';
import { readAll, saveSealOutcome, type SealedPdfRow } from './sealed-pdf-store';

/**
 * Seals a fully signed request: every signature record of the request (each with its evidence
 * bundle) goes onto the signature page and into the PDF as an attachment, then the organisation
 * signs at PAdES B-LTA (build-sealed-pdf.ts). The result is stored in the blob store and the
 * sealed_pdfs row. Failures (TSA_UNAVAILABLE, CERT_REVOKED, ...) are recorded on the row and
 * rethrown; the request itself is never changed, so it stays signed and its evidence available.
 */
export async function sealRequest(ctx: Context, requestId: string): Promise<SealedPdfRow> {
  const [request] = await ctx.db.select().from(schema.signingRequests).where(eq(schema.signingRequests.id, requestId));
  if (!request) throw new AppError('NOT_FOUND', `expected an existing signing request id, got "${requestId.slice(0, 64)}"`);
  if (request.status !== 'signed') throw new AppError('REQUEST_NOT_SIGNABLE', `expected a signed request to seal; "${request.id}" is ${request.status}`);
  try {
    const built = await build(ctx, request);
    return await saveSealOutcome(ctx, requestId, { ok: true, ...built });
  } catch (e) {
    const code = isAppError(e) ? e.code : 'INTERNAL';
    const message = (e as Error).message ?? String(e);
    console.warn(`[signet] sealing request ${requestId} failed (${code}); the request stays signed and is sealed on a later attempt: ${message}`);
    await saveSealOutcome(ctx, requestId, { ok: false, errorCode: code, errorMessage: message });
    throw e;
  }
}

type Request = typeof schema.signingRequests.$inferSelect;

async function build(ctx: Context, request: Request): Promise<{ bytes: Uint8Array; kind: string; fallback?: string; signatures: number }> {
  const [document] = await ctx.db.select().from(schema.documents).where(eq(schema.documents.id, request.documentId));
  if (!document) throw new AppError('INTERNAL', `expected the request's document ${request.documentId} to exist; it does not`);
  const records = await ctx.db
    .select({ record: schema.signatureRecords, signer: schema.signers, countersignature: schema.recordCountersignatures, leaf: schema.ledgerLeaves })
    .from(schema.signatureRecords)
    .innerJoin(schema.signers, eq(schema.signers.id, schema.signatureRecords.signerId))
    .leftJoin(schema.recordCountersignatures, eq(schema.recordCountersignatures.recordId, schema.signatureRecords.id))
    .leftJoin(schema.ledgerLeaves, eq(schema.ledgerLeaves.recordId, schema.signatureRecords.id))
    .where(eq(schema.signatureRecords.requestId, request.id))
    .orderBy(asc(schema.signatureRecords.signedAt));
  if (records.length === 0) throw new AppError('INTERNAL', `expected signature records for the signed request ${request.id}; there are none`);

  const identity = await activeSigningIdentity(ctx);
  const now = ctx.clock.now();
  if (identity.row.revokedAt && identity.row.revokedAt <= now) {
    throw new AppError('CERT_REVOKED', `expected an unrevoked organisation certificate to seal with; "${identity.row.subject}" was revoked at ${identity.row.revokedAt.toISOString()}`);
  }
  if (identity.row.notAfter < now) throw new AppError('CERT_EXPIRED', `expected a valid organisation certificate to seal with; "${identity.row.subject}" expired at ${identity.row.notAfter.toISOString()}`);

  const evidence: Attachment[] = [];
  const signers: SealFacts['signers'] = [];
  for (const [i, { record, signer, countersignature, leaf }] of records.entries()) {
    const name = `evidence-${i + 1}-${record.id}.json`;
    const bundle = await signatureEvidence(ctx, record.id);
    evidence.push({
      name,
      bytes: new TextEncoder().encode(`${JSON.stringify(bundle, null, 2)}\n`),
      mimeType: 'application/json',
      description: `Evidence bundle (signet.evidence) of ${signer.displayName}'s signature, record ${record.id}`,
    });
    signers.push({
      name: signer.displayName,
      signedAt: record.signedAt.toISOString(),
      userVerified: record.userVerified,
      backedUp: record.backedUp,
      credentialId: record.credentialId,
      timestampedAt: (countersignature?.genTime ?? record.signedAt).toISOString(),
      ledgerIndex: leaf?.idx ?? null,
      evidenceName: name,
    });
  }
  const cert = describeCertificate(identity.certificate);
  const firstIndex = signers.find((s) => s.ledgerIndex !== null)?.ledgerIndex;
  const facts: SealFacts = {
    requestId: request.id,
    title: request.title,
    organisation: await organizationName(ctx),
    document: { name: document.originalName, sha256: document.sha256, size: document.size, mediaType: document.mediaType },
    signers,
    certificate: { subject: cert.subject, issuer: cert.issuer, serial: cert.serial, fingerprint: cert.fingerprint, notAfter: cert.notAfter.toISOString() },
    // The public ledger entry: anyone can fetch it and compare it with the embedded evidence.
    verifyUrl: firstIndex === undefined ? `${ctx.config.origin}/api/ledger/checkpoint` : `${ctx.config.origin}/api/ledger/entries/${firstIndex}`,
  };
  const built = await buildSealedPdf({
    original: await readAll(ctx, document.sha256),
    facts,
    evidence,
    signer: organisationSigner(identity.certificate, identity.chain, await certificateKey(ctx, identity.row)),
    tsa: pdfTimestampAuthority(identity.tsa, (n) => ctx.random.bytes(n)),
    revocation: revocationProvider((certificate) => localCrlFor(ctx, certificate)),
    signingTime: now,
  });
  if (built.fallback) console.info(`[signet] request ${request.id}: PDF sealed as a certificate PDF (${built.fallback}): ${built.fallbackDetail ?? ''}`);
  for (const w of built.warnings) console.warn(`[signet] sealing request ${request.id}: ${w}`);
  return { bytes: built.bytes, kind: built.kind, ...(built.fallback ? { fallback: built.fallback } : {}), signatures: records.length };
}

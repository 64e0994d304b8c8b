import { PDF, type RevocationProvider, type Signer, type TimestampAuthority } from '@libpdf/core';
import type { SealFacts } from './seal-facts';
import { addSignaturePage } from './signature-page';

export interface Attachment {
  name: string;
  bytes: Uint8Array;
  mimeType: string;
  description: string;
}

export interface BuildSealInput {
  original: Uint8Array;
  facts: SealFacts;
  /** One evidence bundle per signature record. */
  evidence: Attachment[];
  signer: Signer;
  tsa: TimestampAuthority;
  revocation: RevocationProvider;
  signingTime: Date;
}

/** Why a PDF document was sealed as a certificate PDF instead of in place. */
export type SealFallback = 'PDF_ENCRYPTED' | 'PDF_UNREADABLE' | 'PDF_NOT_INCREMENTAL';

export interface BuiltSeal {
  bytes: Uint8Array;
  /** in-place: the original PDF plus incremental updates; certificate: a new PDF carrying the original. */
  kind: 'in-place' | 'certificate';
  fallback?: SealFallback;
  fallbackDetail?: string;
  /** The library's warnings (e.g. REVOCATION_UNAVAILABLE for an external chain). */
  warnings: string[];
}

/** Room for the CMS with chain and signature timestamp, and for a document timestamp token. */
const SIGNATURE_SIZE = 24_576;

/**
 * Builds and signs the sealed PDF.
 *
 * A PDF document keeps its bytes: the signature page and the evidence are appended as an
 * incremental update (ISO 32000-1 §7.5.6), so its own signatures stay valid. Anything else (and a
 * PDF the library cannot extend: encrypted, unreadable, or only readable by brute-force recovery)
 * becomes a new certificate PDF carrying the original file as an attachment.
 *
 * Then the organisation's PAdES signature at B-LTA (ETSI EN 319 142-1): ETSI.CAdES.detached with
 * signing-certificate-v2 and the chain, a signature timestamp (B-T), a DSS with certificates and
 * CRLs (B-LT) and a document timestamp over the whole file (B-LTA), each its own incremental update.
 */
export async function buildSealedPdf(input: BuildSealInput): Promise<BuiltSeal> {
  const unsigned = input.facts.document.mediaType === 'application/pdf' ? await extendInPlace(input) : undefined;
  const base = unsigned && 'bytes' in unsigned ? unsigned : { bytes: await certificatePdf(input), kind: 'certificate' as const, ...unsigned };
  const pdf = await PDF.load(base.bytes);
  const signed = await pdf.sign({
    signer: input.signer,
    level: 'B-LT',
    timestampAuthority: input.tsa,
    revocationProvider: input.revocation,
    signingTime: input.signingTime,
    reason: `Sealed by ${input.facts.organisation}: ${input.facts.signers.length} signature(s) on request ${input.facts.requestId}`,
    fieldName: 'Signet_Seal',
    estimatedSize: SIGNATURE_SIZE,
  });
  // The document timestamp comes last, over the whole file including the DSS: the TSA is the
  // signature timestamp's, so its chain and CRL are in the DSS already (B-LTA, ETSI EN 319 142-1 §5.5).
  const stamped = await pdf.addTimestamp({ timestampAuthority: input.tsa, fieldName: 'Signet_DocTimeStamp', estimatedSize: SIGNATURE_SIZE });
  return {
    bytes: stamped.bytes,
    kind: base.kind,
    ...('fallback' in base && base.fallback ? { fallback: base.fallback, fallbackDetail: base.fallbackDetail } : {}),
    warnings: [...signed.warnings, ...stamped.warnings].map((w) => `${w.code}: ${w.message}`),
  };
}

type InPlace = { bytes: Uint8Array; kind: 'in-place' } | { fallback: SealFallback; fallbackDetail: string };

async function extendInPlace(input: BuildSealInput): Promise<InPlace> {
  let pdf: PDF;
  try {
    pdf = await PDF.load(input.original);
  } catch (e) {
    const message = (e as Error).message;
    // Without the password nothing can be appended that a reader could open alongside it.
    if (/encrypt|password|decrypt/i.test(message)) return { fallback: 'PDF_ENCRYPTED', fallbackDetail: message };
    return { fallback: 'PDF_UNREADABLE', fallbackDetail: message };
  }
  if (pdf.isEncrypted) return { fallback: 'PDF_ENCRYPTED', fallbackDetail: 'the PDF is encrypted; appending to it would need its password and re-encryption' };
  const blocker = pdf.canSaveIncrementally();
  if (blocker) return { fallback: 'PDF_NOT_INCREMENTAL', fallbackDetail: `the library cannot append to it (${blocker})` };
  await addSignaturePage(pdf, input.facts);
  attachEvidence(pdf, input.evidence);
  const bytes = await pdf.save({ incremental: true, subsetFonts: true });
  if (!startsWith(bytes, input.original)) return { fallback: 'PDF_NOT_INCREMENTAL', fallbackDetail: 'the library rewrote the original bytes instead of appending' };
  return { bytes, kind: 'in-place' };
}

async function certificatePdf(input: BuildSealInput): Promise<Uint8Array> {
  const pdf = PDF.create();
  await addSignaturePage(pdf, input.facts);
  pdf.addAttachment(input.facts.document.name, input.original, {
    mimeType: input.facts.document.mediaType,
    description: `The signed document, byte-exact (SHA-256 ${input.facts.document.sha256})`,
    createdAt: input.signingTime,
    modifiedAt: input.signingTime,
  });
  attachEvidence(pdf, input.evidence);
  return pdf.save({ subsetFonts: true });
}

function attachEvidence(pdf: PDF, evidence: Attachment[]): void {
  for (const a of evidence) pdf.addAttachment(a.name, a.bytes, { mimeType: a.mimeType, description: a.description, overwrite: true });
}

function startsWith(bytes: Uint8Array, prefix: Uint8Array): boolean {
  if (bytes.length < prefix.length) return false;
  return Buffer.from(bytes.buffer, bytes.byteOffset, prefix.length).equals(Buffer.from(prefix.buffer, prefix.byteOffset, prefix.length));
}

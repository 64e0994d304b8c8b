import { eq } from 'drizzle-orm';
import { schema } from '@/db/client';
import { getLatestCheckpoint, getVerifierKey } from '../audit/read-ledger';
import { b64u, nodeReader } from '../audit/ledger-store';
import type { Context } from '../context';
import { readInclusionProof } from '../ledger/inclusion-proof';
import { AppError } from '../errors';
import { countersignatureMembers } from './countersignature-member';
import { EVIDENCE_VERSION, type EvidenceBundle } from './evidence-format';

/** The v1 bundle of one signature record (no access check: callers have made it). */
export async function signatureEvidence(ctx: Context, recordId: string): Promise<EvidenceBundle> {
  const [row] = await ctx.db
    .select({ record: schema.signatureRecords, document: schema.documents, signer: schema.signers })
    .from(schema.signatureRecords)
    .innerJoin(schema.documents, eq(schema.documents.id, schema.signatureRecords.documentId))
    .innerJoin(schema.signers, eq(schema.signers.id, schema.signatureRecords.signerId))
    .where(eq(schema.signatureRecords.id, recordId));
  const notFound = `expected an existing signature record id, got "${recordId}"`;
  if (!row) throw new AppError('NOT_FOUND', notFound);
  const { record, document, signer } = row;
  const ledger = await getLedgerMember(ctx, record.id);
  const [batch] = await ctx.db.select().from(schema.batchRecordItems).where(eq(schema.batchRecordItems.recordId, record.id));
  return {
    version: EVIDENCE_VERSION,
    record: {
      id: record.id,
      requestId: record.requestId,
      signedAt: record.signedAt.toISOString(),
      document: { sha256: document.sha256, name: document.originalName, size: document.size, mediaType: document.mediaType },
      signer: { id: signer.id, displayName: signer.displayName },
    },
    statement: record.statement,
    webauthn: {
      credentialId: record.credentialId,
      publicKey: record.publicKeySpki,
      algorithm: record.algorithm,
      rpId: record.rpId,
      origin: record.origin,
      clientDataJSON: record.clientDataJson,
      authenticatorData: record.authenticatorData,
      signature: record.signature,
      userHandle: record.userHandle,
    },
    ...(ledger ? { ledger } : {}),
    ...(batch ? { batch: { item: batch.item, index: batch.itemIndex, path: batch.path } } : {}),
    ...(await countersignatureMembers(ctx, record.id)),
  };
}

/** The record's ledger entry with its inclusion proof in the latest checkpoint; undefined if not logged. */
async function getLedgerMember(ctx: Context, recordId: string): Promise<EvidenceBundle['ledger']> {
  const [leaf] = await ctx.db.select().from(schema.ledgerLeaves).where(eq(schema.ledgerLeaves.recordId, recordId));
  if (!leaf) return undefined;
  // Nodes are immutable, so a proof for the size of any committed checkpoint can be read afterwards.
  const latest = await getLatestCheckpoint(ctx);
  const proof = await readInclusionProof(nodeReader(ctx.db), leaf.idx, latest.treeSize);
  return {
    index: leaf.idx,
    leafData: leaf.data,
    treeSize: latest.treeSize,
    rootHash: latest.rootHash,
    inclusionProof: proof.map(b64u),
    checkpoint: latest.checkpoint,
    verifierKey: await getVerifierKey(ctx),
  };
}

import { desc, eq, type SQL } from 'drizzle-orm';
import { schema, type Db } from '@/db/client';
import { toDocumentView, type DocumentView } from '../documents/upload-document';
import { AppError } from '../errors';
import { matchingCode } from './matching-code';

export type RequestStatus = 'pending' | 'opened' | 'signed' | 'declined' | 'expired';

export interface SigningRequestView {
  id: string;
  title: string;
  documentType: string;
  requestedBy: string | null;
  status: RequestStatus;
  createdAt: string;
  expiresAt: string;
  openedAt: string | null;
  signedAt: string | null;
  declinedAt: string | null;
  declineReason: string | null;
  recordId: string | null;
  /** The record's leaf index in the signing ledger, once signed. */
  ledgerIndex: number | null;
  matchingCode: string;
  document: DocumentView;
  signer: { id: string; displayName: string; email: string | null };
}

export type RequestRow = typeof schema.signingRequests.$inferSelect;

/** A pending or opened request past its expiry is expired, whether or not a write recorded it yet. */
export function effectiveStatus(row: Pick<RequestRow, 'status' | 'expiresAt'>, now: Date): RequestStatus {
  const status = row.status as RequestStatus;
  if ((status === 'pending' || status === 'opened') && row.expiresAt.getTime() <= now.getTime()) return 'expired';
  return status;
}

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

/** Loads requests with their document, signer and record, as the API shows them. */
export async function loadRequestViews(
  db: Db,
  now: Date,
  query: { where?: SQL; limit: number; offset?: number },
): Promise<SigningRequestView[]> {
  const rows = await db
    .select({ request: schema.signingRequests, document: schema.documents, signer: schema.signers, recordId: schema.signatureRecords.id, ledgerIndex: schema.ledgerLeaves.idx })
    .from(schema.signingRequests)
    .innerJoin(schema.documents, eq(schema.documents.id, schema.signingRequests.documentId))
    .innerJoin(schema.signers, eq(schema.signers.id, schema.signingRequests.signerId))
    .leftJoin(schema.signatureRecords, eq(schema.signatureRecords.requestId, schema.signingRequests.id))
    .leftJoin(schema.ledgerLeaves, eq(schema.ledgerLeaves.recordId, schema.signatureRecords.id))
    .where(query.where)
    .orderBy(desc(schema.signingRequests.createdAt), desc(schema.signingRequests.id))
    .limit(query.limit)
    .offset(query.offset ?? 0);
  return Promise.all(
    rows.map(async ({ request: r, document, signer, recordId, ledgerIndex }) => ({
      id: r.id,
      title: r.title,
      documentType: r.documentType,
      requestedBy: r.requestedBy,
      status: effectiveStatus(r, now),
      createdAt: r.createdAt.toISOString(),
      expiresAt: r.expiresAt.toISOString(),
      openedAt: iso(r.openedAt),
      signedAt: iso(r.signedAt),
      declinedAt: iso(r.declinedAt),
      declineReason: r.declineReason,
      recordId: recordId ?? null,
      ledgerIndex: ledgerIndex ?? null,
      matchingCode: await matchingCode(r.id, document.sha256),
      document: toDocumentView(document),
      signer: { id: signer.id, displayName: signer.displayName, email: signer.email },
    })),
  );
}

export async function loadRequestView(db: Db, now: Date, id: string): Promise<SigningRequestView> {
  const [view] = await loadRequestViews(db, now, { where: eq(schema.signingRequests.id, id), limit: 1 });
  if (!view) throw new AppError('NOT_FOUND', `expected an existing signing request id, got "${id}"`);
  return view;
}

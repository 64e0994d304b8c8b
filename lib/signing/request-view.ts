import { asc, desc, eq, inArray, type SQL } from 'drizzle-orm';
import { schema, type Db } from '@/db/client';
import { toDocumentView, type DocumentView } from '../documents/upload-document';
import { AppError } from '../errors';
import { matchingCode } from './matching-code';
import { currentStep, loadSlotsOf } from './signer-slots';

export type RequestStatus = 'pending' | 'opened' | 'signed' | 'declined' | 'expired' | 'cancelled';
export type SignerStatus = 'pending' | 'opened' | 'signed' | 'declined';

/** One signer of a request as staff see them. */
export interface RequestSignerView {
  /** The signer's place on this request (links, reissue and the matching code are per place). */
  id: string;
  signerId: string;
  displayName: string;
  email: string | null;
  step: number;
  status: SignerStatus;
  openedAt: string | null;
  signedAt: string | null;
  declinedAt: string | null;
  declineReason: string | null;
  recordId: string | null;
  ledgerIndex: number | null;
  matchingCode: string;
}

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
  cancelledAt: string | null;
  cancelReason: string | null;
  /** The request this one was re-requested from. */
  previousRequestId: string | null;
  /** The latest signature's record (the only one on a one-signer request). */
  recordId: string | null;
  /** That record's leaf index in the signing ledger, once signed. */
  ledgerIndex: number | null;
  /** The first signer's matching code. */
  matchingCode: string;
  document: DocumentView;
  /** The first signer (every signer is in `signers`). */
  signer: { id: string; displayName: string; email: string | null };
  signers: RequestSignerView[];
  /** The step whose signers may sign now; null once everyone has signed. */
  currentStep: number | null;
}

export type RequestRow = typeof schema.signingRequests.$inferSelect;

/** A pending or opened request past its expiry is expired, whether or not a write recorded it yet. */
export function effectiveStatus(row: Pick<RequestRow, 'status' | 'expiresAt'>, now: Date): RequestStatus {
  const status = row.status as RequestStatus;
  if ((status === 'pending' || status === 'opened') && row.expiresAt.getTime() <= now.getTime()) return 'expired';
  return status;
}

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

/** Loads requests with their document, signers and records, as the API shows them. */
export async function loadRequestViews(
  db: Db,
  now: Date,
  query: { where?: SQL; limit: number; offset?: number },
): Promise<SigningRequestView[]> {
  const rows = await db
    .select({ request: schema.signingRequests, document: schema.documents })
    .from(schema.signingRequests)
    .innerJoin(schema.documents, eq(schema.documents.id, schema.signingRequests.documentId))
    .where(query.where)
    .orderBy(desc(schema.signingRequests.createdAt), desc(schema.signingRequests.id))
    .limit(query.limit)
    .offset(query.offset ?? 0);
  const ids = rows.map((r) => r.request.id);
  const slots = await loadSlotsOf(db, ids);
  const people = new Map<string, typeof schema.signers.$inferSelect>();
  const signerIds = [...new Set([...slots.values()].flat().map((s) => s.signerId))];
  if (signerIds.length > 0) for (const p of await db.select().from(schema.signers).where(inArray(schema.signers.id, signerIds))) people.set(p.id, p);
  const records = ids.length
    ? await db
        .select({ id: schema.signatureRecords.id, requestId: schema.signatureRecords.requestId, signerId: schema.signatureRecords.signerId, ledgerIndex: schema.ledgerLeaves.idx })
        .from(schema.signatureRecords)
        .leftJoin(schema.ledgerLeaves, eq(schema.ledgerLeaves.recordId, schema.signatureRecords.id))
        .where(inArray(schema.signatureRecords.requestId, ids))
        .orderBy(asc(schema.signatureRecords.signedAt), asc(schema.ledgerLeaves.idx))
    : [];
  return Promise.all(
    rows.map(async ({ request: r, document }) => {
      const mine = records.filter((rec) => rec.requestId === r.id);
      const last = mine[mine.length - 1];
      const list = slots.get(r.id) ?? [];
      const signers = await Promise.all(
        list.map(async (s): Promise<RequestSignerView> => {
          const person = people.get(s.signerId);
          const record = mine.find((rec) => rec.signerId === s.signerId);
          return {
            id: s.id,
            signerId: s.signerId,
            displayName: person?.displayName ?? '',
            email: person?.email ?? null,
            step: s.step,
            status: s.status as SignerStatus,
            openedAt: iso(s.openedAt),
            signedAt: iso(s.signedAt),
            declinedAt: iso(s.declinedAt),
            declineReason: s.declineReason,
            recordId: record?.id ?? null,
            ledgerIndex: record?.ledgerIndex ?? null,
            matchingCode: await matchingCode(s.id, document.sha256),
          };
        }),
      );
      const first = people.get(r.signerId);
      return {
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
        cancelledAt: iso(r.cancelledAt),
        cancelReason: r.cancelReason,
        previousRequestId: r.previousRequestId,
        recordId: last?.id ?? null,
        ledgerIndex: last?.ledgerIndex ?? null,
        matchingCode: signers[0]?.matchingCode ?? (await matchingCode(r.id, document.sha256)),
        document: toDocumentView(document),
        signer: { id: r.signerId, displayName: first?.displayName ?? '', email: first?.email ?? null },
        signers,
        currentStep: currentStep(list),
      };
    }),
  );
}

export async function loadRequestView(db: Db, now: Date, id: string): Promise<SigningRequestView> {
  const [view] = await loadRequestViews(db, now, { where: eq(schema.signingRequests.id, id), limit: 1 });
  if (!view) throw new AppError('NOT_FOUND', `expected an existing signing request id, got "${id}"`);
  return view;
}

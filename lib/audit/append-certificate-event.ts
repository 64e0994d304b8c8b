import { schema } from '@/db/client';
import type { Context } from '../context';
import { encodeCertificateLeaf, type CertificateEvent, type CertificateLeafInput } from '../ledger/certificate-leaf';
import { appendLeafBatch, type AppendedEntry } from './append-leaf';
import type { LedgerKey } from './ledger-key';
import type { Queryable } from './ledger-store';

/** ledger_leaves.kind of a certificate lifecycle leaf. */
export const CERTIFICATE_LEAF_KIND = 'certificate';

type CertificateRow = typeof schema.certificates.$inferSelect;
export type CertificateEventRow = typeof schema.certificateEvents.$inferSelect;

/** The certificate fields a lifecycle leaf commits to. */
export type LoggedCertificate = Pick<CertificateRow, 'id' | 'role' | 'fingerprint' | 'serial' | 'subject' | 'notBefore' | 'notAfter'>;

export interface CertificateEventToLog {
  event: CertificateEvent;
  certificate: LoggedCertificate;
  /** revoke only: the reason exactly as stored on the certificate and the revocation time. */
  revocation?: { reason: string; revokedAt: Date };
}

/**
 * The leaf input of a stored event and its certificate: the one mapping the appender and
 * `npm run audit:verify` share, so the audit re-derives exactly what was logged.
 */
export function certificateLeafInput(event: Omit<CertificateEventRow, 'ledgerIndex'>, certificate: LoggedCertificate): CertificateLeafInput {
  return {
    eventId: event.id,
    event: event.event as CertificateEvent,
    certificateId: certificate.id,
    role: certificate.role,
    fingerprint: certificate.fingerprint,
    serial: certificate.serial,
    subject: certificate.subject,
    notBefore: certificate.notBefore.toISOString(),
    notAfter: certificate.notAfter.toISOString(),
    at: event.occurredAt.toISOString(),
    ...(event.event === 'revoke' ? { revocation: { reason: event.revocationReason ?? '', revokedAt: event.revokedAt?.toISOString() ?? '' } } : {}),
  };
}

/**
 * Logs certificate lifecycle events inside the caller's transaction: one leaf each through the
 * locked append path signature leaves use (appendLeafBatch: head lock, nodes, one signed
 * checkpoint for the new size), plus the certificate_events rows audit re-derives them from. If
 * the transaction rolls back, neither the change, the event nor the leaf exists. Call it last in
 * the transaction so the ledger head lock is held briefly.
 */
export async function appendCertificateEvents(tx: Queryable, ctx: Context, key: LedgerKey, events: readonly CertificateEventToLog[]): Promise<AppendedEntry[]> {
  if (events.length === 0) return [];
  const occurredAt = ctx.clock.now();
  const rows = events.map((e) => ({
    id: ctx.random.uuid(),
    event: e.event,
    certificateId: e.certificate.id,
    occurredAt,
    revocationReason: e.revocation?.reason ?? null,
    revokedAt: e.revocation?.revokedAt ?? null,
  }));
  const entries = await appendLeafBatch(
    tx,
    ctx,
    key,
    rows.map((row, i) => ({ kind: CERTIFICATE_LEAF_KIND, data: encodeCertificateLeaf(certificateLeafInput(row, events[i]!.certificate)), recordId: row.id })),
  );
  await tx.insert(schema.certificateEvents).values(rows.map((row, i) => ({ ...row, ledgerIndex: entries[i]!.index })));
  return entries;
}

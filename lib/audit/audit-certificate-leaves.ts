import { createHash } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { schema } from '@/db/client';
import type { Context } from '../context';
import { encodeCertificateLeaf } from '../ledger/certificate-leaf';
import { hashesEqual } from '../ledger/merkle-hash';
import { certificateLeafInput } from './append-certificate-event';
import { describeLeafDifference } from './leaf-difference';
import { fromB64u } from './ledger-store';

type Report = (check: string, subject: string, detail: string) => void;
type LeafRow = typeof schema.ledgerLeaves.$inferSelect;

const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/**
 * The audit of certificate lifecycle leaves: each signet.ledger.certificate/v1 leaf
 * is re-derived from its certificate_events row and the certificates row as stored now, and every
 * event must have exactly its leaf at its recorded index.
 */
export interface CertificateLeafAudit {
  events: number;
  /** Checks one leaf of kind "certificate". */
  checkLeaf(leaf: LeafRow): void;
  /** After all leaves: every event was met by a leaf (`logged` holds the ledger_leaves.record_id values seen). */
  checkAllLogged(logged: ReadonlySet<string>): void;
}

export async function certificateLeafAudit(ctx: Context, report: Report): Promise<CertificateLeafAudit> {
  const rows = await ctx.db
    .select({ event: schema.certificateEvents, certificate: schema.certificates })
    .from(schema.certificateEvents)
    .leftJoin(schema.certificates, eq(schema.certificates.id, schema.certificateEvents.certificateId));
  const byId = new Map(rows.map((r) => [r.event.id, r]));

  // The fingerprint a leaf commits to must still be the SHA-256 of the stored DER.
  const seen = new Set<string>();
  for (const { certificate } of rows) {
    if (!certificate || seen.has(certificate.id)) continue;
    seen.add(certificate.id);
    const actual = createHash('sha256').update(fromB64u(certificate.der)).digest('hex');
    if (actual !== certificate.fingerprint) {
      report('certificate fingerprint = DER', `certificate ${certificate.id}`, `expected the stored fingerprint ${certificate.fingerprint} to be the SHA-256 of the stored DER, it is ${actual}`);
    }
  }

  return {
    events: rows.length,
    checkLeaf(leaf: LeafRow): void {
      const subject = `leaf ${leaf.idx}`;
      const row = byId.get(leaf.recordId);
      if (!row) {
        report('leaf certificate event exists', subject, `expected certificate event ${leaf.recordId} to exist, it does not (deleted)`);
        return;
      }
      if (row.event.ledgerIndex !== leaf.idx) {
        report('certificate event index = leaf', subject, `expected certificate event ${row.event.id} to name ledger index ${leaf.idx}, it names ${row.event.ledgerIndex}`);
      }
      if (!row.certificate) {
        report('leaf certificate event exists', subject, `expected certificate ${row.event.certificateId} of event ${row.event.id} to exist, it does not (deleted)`);
        return;
      }
      // The certificate's own revocation columns decide which records stay valid; they must still say what was logged.
      const cert = row.certificate;
      if (row.event.event === 'revoke' && (cert.revokedAt?.getTime() !== row.event.revokedAt?.getTime() || cert.revocationReason !== row.event.revocationReason)) {
        report(
          'certificate revocation = logged event',
          `certificate ${cert.id}`,
          `expected revocation at ${row.event.revokedAt?.toISOString() ?? '(none)'} for ${JSON.stringify(row.event.revocationReason)} as logged in leaf ${leaf.idx}, the certificate says ${cert.revokedAt?.toISOString() ?? 'not revoked'} for ${JSON.stringify(cert.revocationReason)}`,
        );
      }
      let expected: Uint8Array;
      try {
        expected = encodeCertificateLeaf(certificateLeafInput(row.event, row.certificate));
      } catch (e) {
        report('leaf = certificate event', subject, `expected certificate event ${row.event.id} to yield a canonical leaf: ${message(e)}`);
        return;
      }
      const stored = fromB64u(leaf.data);
      if (!hashesEqual(expected, stored)) {
        report(
          'leaf = certificate event',
          subject,
          `expected the stored leaf to be the signet.ledger.certificate/v1 leaf of event ${row.event.id} (${row.event.event} of certificate ${row.certificate.id}) as stored now; ${describeLeafDifference(expected, stored, 'the event')}`,
        );
      }
    },
    checkAllLogged(loggedIds: ReadonlySet<string>): void {
      for (const { event } of rows) {
        if (!loggedIds.has(event.id)) {
          report('certificate event is logged', `certificate event ${event.id}`, `expected the ${event.event} of certificate ${event.certificateId} to have a ledger leaf (index ${event.ledgerIndex}), it has none`);
        }
      }
    },
  };
}

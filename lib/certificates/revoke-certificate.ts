import { and, eq, isNull } from 'drizzle-orm';
import { schema } from '@/db/client';
import { appendCertificateEvents } from '../audit/append-certificate-event';
import { notifyCertificateRevoked } from '../notifications/certificate-notices';
import { ledgerKey } from '../audit/ledger-key';
import type { Context } from '../context';
import { AppError } from '../errors';
import { announceCertificateChange } from './certificate-events';
import { findCertificate, type CertificateRow } from './certificate-store';
import { recordCertificateOperation } from './record-operation';

export interface RevokeInput {
  reason: string;
  /** When the key stopped being trustworthy; default now. Never in the future. */
  at?: Date;
}

/**
 * Revokes a certificate from `at`: signing with it is refused from then on (CERT_REVOKED), while
 * records whose timestamp genTime is before `at` stay valid (their evidence shows the time).
 * The row stays for verification; the revocation is logged as a signet.ledger.certificate/v1 leaf.
 */
export async function revokeCertificate(ctx: Context, id: string, input: RevokeInput): Promise<CertificateRow> {
  const row = await findCertificate(ctx, id);
  const now = ctx.clock.now();
  const at = input.at ?? now;
  if (at.getTime() > now.getTime()) throw new AppError('VALIDATION_FAILED', `expected a revocation time not in the future, got ${at.toISOString()} (now ${now.toISOString()})`);
  const reason = input.reason.trim();
  if (reason === '') throw new AppError('VALIDATION_FAILED', 'expected a revocation reason, got an empty text');
  const key = await ledgerKey(ctx);
  const updated = await ctx.db.transaction(async (tx) => {
    const [revoked] = await tx
      .update(schema.certificates)
      .set({ revokedAt: at, revocationReason: reason.slice(0, 500) })
      .where(and(eq(schema.certificates.id, row.id), isNull(schema.certificates.revokedAt)))
      .returning();
    if (revoked) await notifyCertificateRevoked(tx, ctx, revoked, { reason: revoked.revocationReason ?? '', revokedAt: at });
    // Logged in the same transaction, last: the revocation and its leaf commit together.
    if (revoked) await appendCertificateEvents(tx, ctx, key, [{ event: 'revoke', certificate: revoked, revocation: { reason: revoked.revocationReason ?? '', revokedAt: at } }]);
    return revoked;
  });
  if (!updated) throw new AppError('CERT_ALREADY_REVOKED', `expected a certificate not yet revoked; "${row.subject}" was revoked at ${row.revokedAt?.toISOString() ?? 'an earlier time'}`);
  // Every instance drops its cached signing identity; each also re-reads revocation at signing.
  await announceCertificateChange(ctx, updated.id);
  await recordCertificateOperation(ctx, { action: 'certificate.revoke', certificateId: id, detail: { reason, at: at.toISOString() } });
  return updated;
}

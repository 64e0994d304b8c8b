import { and, eq } from 'drizzle-orm';
import { schema } from '@/db/client';
import { appendCertificateEvents } from '../audit/append-certificate-event';
import { notifyCertificateRenewed } from '../notifications/certificate-notices';
import { ledgerKey } from '../audit/ledger-key';
import type { Context } from '../context';
import { AppError } from '../errors';
import { announceCertificateChange } from './certificate-events';
import type { CertificateRow } from './certificate-store';

/** PostgreSQL unique_violation (the one-active-per-role index caught a racing activation). */
const UNIQUE_VIOLATION = '23505';

function isUniqueViolation(e: unknown): boolean {
  for (let c: unknown = e; c; c = (c as { cause?: unknown }).cause) {
    if ((c as { code?: string }).code === UNIQUE_VIOLATION) return true;
  }
  return false;
}

/**
 * Makes `next` the active certificate of its role in one transaction, atomically: the currently
 * active one (which the caller saw as `expectedActiveId`) is retired only if it is still the active
 * one, and the partial unique index certificates_active_role_idx refuses a second active row. Of
 * two instances racing to activate different renewals exactly one wins; the other gets
 * CERT_ACTIVATION_CONFLICT and changes nothing (its new row is not kept). Old certificates stay
 * (inactive) for verification. The activation is logged as a signet.ledger.certificate/v1 leaf.
 */
export async function activateCertificate(ctx: Context, next: CertificateRow, expectedActiveId: string | null): Promise<CertificateRow> {
  const now = ctx.clock.now();
  const row: CertificateRow = { ...next, status: 'active', activatedAt: now };
  const key = await ledgerKey(ctx);
  try {
    await ctx.db.transaction(async (tx) => {
      if (expectedActiveId) {
        const retired = await tx
          .update(schema.certificates)
          .set({ status: 'inactive' })
          .where(and(eq(schema.certificates.id, expectedActiveId), eq(schema.certificates.status, 'active')))
          .returning({ id: schema.certificates.id });
        if (retired.length === 0) throw conflict(next.role);
      }
      await tx.insert(schema.certificates).values(row);
      if (expectedActiveId) await notifyCertificateRenewed(tx, ctx, row, expectedActiveId);
      // Logged last, in the same transaction: a refused activation leaves no leaf.
      await appendCertificateEvents(tx, ctx, key, [{ event: 'activate', certificate: row }]);
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw conflict(next.role, e);
    throw e;
  }
  // Every instance drops its cached signing identity (signing-identity.ts).
  await announceCertificateChange(ctx, row.id);
  return row;
}

function conflict(role: string, cause?: unknown): AppError {
  return new AppError(
    'CERT_ACTIVATION_CONFLICT',
    `expected the ${role} certificate you renewed to still be the active one; another activation replaced it first (reload the certificates page)`,
    cause === undefined ? undefined : { cause },
  );
}

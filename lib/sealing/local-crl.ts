import { and, eq } from 'drizzle-orm';
import { schema } from '@/db/client';
import type { Context } from '../context';
import { describeCertificate } from '../certificates/certificate-store';
import { currentCrl } from '../certificates/current-crl';

/**
 * The current CRL of the local CA that issued `certificate`, or null when no local CA with a key
 * issued it (a self-signed root, or an imported external chain).
 */
export async function localCrlFor(ctx: Context, certificate: Uint8Array): Promise<Uint8Array | null> {
  const facts = describeCertificate(certificate);
  if (facts.subject === facts.issuer) return null;
  const c = schema.certificates;
  const roots = await ctx.db.select({ fingerprint: c.fingerprint, encryptedKey: c.encryptedKey }).from(c).where(and(eq(c.role, 'root'), eq(c.subject, facts.issuer)));
  const root = roots.find((r) => r.encryptedKey);
  return root ? currentCrl(ctx, root.fingerprint) : null;
}

import { and, eq, isNotNull } from 'drizzle-orm';
import { schema } from '@/db/client';
import type { Context } from '../context';
import { AppError } from '../errors';
import { issueCrl } from '../pki/issue-crl';
import { certificateKey, fromB64u } from './certificate-store';

/** How long a CRL stays current (RFC 5280 §5.1.2.5 nextUpdate). */
const CRL_LIFETIME_MS = 7 * 86_400_000;

/**
 * The CRL of a local CA, issued now: every certificate it issued that is revoked, signed with the
 * CA key. It is made on each request rather than stored, so it reflects a revocation the moment it
 * commits and is never served past its nextUpdate. cRLNumber is thisUpdate in seconds, which grows
 * with every CRL as RFC 5280 §5.2.3 requires (one per second at most is all a client can tell apart).
 *
 * NOT_FOUND for a fingerprint that names no local CA whose key Signet holds (an imported chain's
 * CA publishes its own CRL).
 */
export async function currentCrl(ctx: Context, caFingerprintHex: string): Promise<Uint8Array> {
  const notFound = `expected the SHA-256 fingerprint (64 hex) of a local CA, got "${caFingerprintHex.slice(0, 80)}"`;
  if (!/^[0-9a-f]{64}$/.test(caFingerprintHex)) throw new AppError('NOT_FOUND', notFound);
  const c = schema.certificates;
  const [ca] = await ctx.db.select().from(c).where(and(eq(c.fingerprint, caFingerprintHex), eq(c.role, 'root')));
  if (!ca?.encryptedKey) throw new AppError('NOT_FOUND', notFound);
  const revoked = await ctx.db
    .select({ serial: c.serial, revokedAt: c.revokedAt })
    .from(c)
    .where(and(eq(c.issuer, ca.subject), isNotNull(c.revokedAt)));
  const now = ctx.clock.now();
  return issueCrl({
    caCertificate: fromB64u(ca.der),
    caPrivateKey: await certificateKey(ctx, ca),
    revoked: revoked.flatMap((r) => (r.revokedAt && r.serial !== ca.serial ? [{ serialHex: r.serial, revokedAt: r.revokedAt }] : [])),
    thisUpdate: now,
    nextUpdate: new Date(now.getTime() + CRL_LIFETIME_MS),
    crlNumber: BigInt(Math.floor(now.getTime() / 1000)),
  });
}

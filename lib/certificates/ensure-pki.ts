import { sql } from 'drizzle-orm';
import { organizationName } from '../organization/organization-name';
import { schema } from '@/db/client';
import type { Context } from '../context';
import { appendCertificateEvents } from '../audit/append-certificate-event';
import { ledgerKey } from '../audit/ledger-key';
import { createLocalPki } from '../pki/create-local-pki';
import { crlUrl } from './crl-url';
import { activeCertificate, certificateRow, type CertificateRow } from './certificate-store';

/** pg_advisory_xact_lock key for the first-start bootstrap ("signet-pki" as an int4). */
const BOOTSTRAP_LOCK = 0x50_4b_49_31;

export interface PkiBootstrap {
  /** True when this call created the local PKI; false when one was already there. */
  created: boolean;
  signing: CertificateRow;
}

/**
 * On first start with no certificate, creates the local PKI (root CA, organisation signing
 * certificate, TSA certificate; lib/pki/create-local-pki.ts) with keys encrypted under the master
 * key. Several instances may start at once: a transaction-scoped advisory lock serialises them and
 * the one that finds no root inserts; the others read what it made. Never replaces an existing PKI
 * (an expired or revoked certificate is renewed by an administrator, not silently here).
 */
export function ensurePki(ctx: Context): Promise<PkiBootstrap> {
  // Not cached: one indexed query when the PKI exists, and a cache would outlive a reset database.
  return bootstrap(ctx);
}

/** The bootstrap itself; exported for the race test. */
export async function bootstrap(ctx: Context): Promise<PkiBootstrap> {
  const existing = await activeCertificate(ctx, 'signing');
  if (existing) return { created: false, signing: existing };
  const key = await ledgerKey(ctx);
  const name = await organizationName(ctx);
  const created = await ctx.db.transaction(async (tx) => {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(${BOOTSTRAP_LOCK})`);
    const [any] = await tx.select({ id: schema.certificates.id }).from(schema.certificates).limit(1);
    if (any) return false;
    const pki = await createLocalPki({
      organizationName: name,
      now: ctx.clock.now(),
      validityDays: ctx.config.certValidityDays,
      randomBytes: (n) => ctx.random.bytes(n),
      crlUrl: (ca) => crlUrl(ctx, ca),
    });
    const rows = [
      await certificateRow(ctx, { role: 'root', source: 'local', der: pki.root.certificate, privateKey: pki.root.privateKey, status: 'active' }),
      await certificateRow(ctx, { role: 'signing', source: 'local', der: pki.organization.certificate, privateKey: pki.organization.privateKey, status: 'active' }),
      await certificateRow(ctx, { role: 'tsa', source: 'local', der: pki.tsa.certificate, privateKey: pki.tsa.privateKey, status: 'active' }),
    ];
    await tx.insert(schema.certificates).values(rows);
    // The three certificates enter the ledger in the transaction that creates them.
    await appendCertificateEvents(tx, ctx, key, rows.map((certificate) => ({ event: 'issue' as const, certificate })));
    return true;
  });
  // No announcement (certificate-events.ts): with no certificate before, no instance has anything cached.
  const signing = await activeCertificate(ctx, 'signing');
  if (!signing) throw new Error('expected an active signing certificate after the PKI bootstrap; there is none (was it revoked or replaced by hand?)');
  return { created, signing };
}

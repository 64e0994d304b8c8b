import { and, asc, eq } from 'drizzle-orm';
import { schema } from '@/db/client';
import type { Context } from '../context';
import { AppError } from '../errors';
import { hex, sha256, toArrayBuffer, x509 } from '../pki/crypto';
import { decryptPrivateKey, encryptPrivateKey } from '../pki/key-encryption';
import { masterKey } from '../pki/master-key';
import { b64u, fromB64u } from '../encoding';
export { b64u, fromB64u };

export type CertificateRow = typeof schema.certificates.$inferSelect;
export type CertificateRole = 'root' | 'signing' | 'tsa';
export type CertificateSource = 'local' | 'csr' | 'pkcs12';


/** The fields of a certificate row that its DER determines. */
export interface CertificateFacts {
  subject: string;
  issuer: string;
  serial: string;
  fingerprint: string;
  notBefore: Date;
  notAfter: Date;
}

/** Reads subject, issuer, serial, SHA-256 fingerprint and validity from DER (RFC 5280 §4.1). */
export function describeCertificate(der: Uint8Array): CertificateFacts {
  const cert = new x509.X509Certificate(toArrayBuffer(der));
  return {
    subject: cert.subject,
    issuer: cert.issuer,
    serial: cert.serialNumber.toLowerCase(),
    fingerprint: hex(sha256(der)),
    notBefore: cert.notBefore,
    notAfter: cert.notAfter,
  };
}

/** AAD context binding an encrypted key to its certificate role (key-encryption.ts). */
const keyContext = (role: CertificateRole): string => `certificate/${role}`;

export interface NewCertificate {
  role: CertificateRole;
  source: CertificateSource;
  der: Uint8Array;
  chain?: Uint8Array[];
  /** PKCS#8 DER; encrypted under the master key before it is stored. */
  privateKey?: Uint8Array;
  status: 'active' | 'inactive';
}

/** Builds a certificates row (key encrypted) ready to insert. */
export async function certificateRow(ctx: Context, input: NewCertificate): Promise<CertificateRow> {
  const now = ctx.clock.now();
  const master = input.privateKey ? await masterKey(ctx) : undefined;
  return {
    id: ctx.random.uuid(),
    role: input.role,
    source: input.source,
    der: b64u(input.der),
    chain: input.chain && input.chain.length > 0 ? input.chain.map(b64u).join('.') : null,
    encryptedKey:
      input.privateKey && master
        ? b64u(encryptPrivateKey(input.privateKey, master.key, { context: keyContext(input.role), randomBytes: (n) => ctx.random.bytes(n) }))
        : null,
    ...describeCertificate(input.der),
    status: input.status,
    createdAt: now,
    activatedAt: input.status === 'active' ? now : null,
    revokedAt: null,
    revocationReason: null,
  };
}

/** The PKCS#8 private key of a certificate Signet holds the key for. */
export async function certificateKey(ctx: Context, row: CertificateRow): Promise<Uint8Array> {
  if (!row.encryptedKey) throw new AppError('CERT_NOT_FOUND', `expected Signet to hold the private key of "${row.subject}"; it holds only the certificate`);
  const master = await masterKey(ctx);
  return decryptPrivateKey(fromB64u(row.encryptedKey), master.key, { context: keyContext(row.role as CertificateRole) });
}

/** DER certificates above `row`, nearest first: its stored chain, else the active local root. */
export async function issuerChain(ctx: Context, row: CertificateRow): Promise<Uint8Array[]> {
  if (row.chain) return row.chain.split('.').map(fromB64u);
  const root = await activeCertificate(ctx, 'root');
  return root && root.id !== row.id ? [fromB64u(root.der)] : [];
}

export async function activeCertificate(ctx: Context, role: CertificateRole): Promise<CertificateRow | undefined> {
  const [row] = await ctx.db
    .select()
    .from(schema.certificates)
    .where(and(eq(schema.certificates.role, role), eq(schema.certificates.status, 'active')));
  return row;
}

/** The fields of a certificate that change after it is stored, read fresh (signing re-checks them every time). */
export type CertificateState = Pick<CertificateRow, 'status' | 'revokedAt' | 'revocationReason'>;

export async function certificateState(ctx: Context, id: string): Promise<CertificateState | undefined> {
  const c = schema.certificates;
  const [row] = await ctx.db.select({ status: c.status, revokedAt: c.revokedAt, revocationReason: c.revocationReason }).from(c).where(eq(c.id, id));
  return row;
}

export async function findCertificate(ctx: Context, id: string): Promise<CertificateRow> {
  const [row] = await ctx.db.select().from(schema.certificates).where(eq(schema.certificates.id, id));
  if (!row) throw new AppError('CERT_NOT_FOUND', `expected the id of a certificate this organisation has had, got "${id.slice(0, 64)}"`);
  return row;
}

export async function allCertificates(ctx: Context): Promise<CertificateRow[]> {
  return ctx.db.select().from(schema.certificates).orderBy(asc(schema.certificates.createdAt), asc(schema.certificates.role));
}

/** Every root certificate the organisation has had: the trust anchors its records verify against. */
export async function trustedRoots(ctx: Context): Promise<Uint8Array[]> {
  const rows = await ctx.db.select({ der: schema.certificates.der }).from(schema.certificates).where(eq(schema.certificates.role, 'root'));
  return rows.map((r) => fromB64u(r.der));
}

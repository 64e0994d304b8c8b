import { eq } from 'drizzle-orm';
import { organizationName } from '../organization/organization-name';
import { schema } from '@/db/client';
import type { Context } from '../context';
import { AppError } from '../errors';
import { createCsr } from '../pki/create-csr';
import { importChain, type SigningIdentity } from '../pki/import-chain';
import { importPkcs12 } from '../pki/import-pkcs12';
import { decryptPrivateKey, encryptPrivateKey } from '../pki/key-encryption';
import { masterKey } from '../pki/master-key';
import { activateCertificate } from './activate-certificate';
import { activeCertificate, b64u, certificateRow, fromB64u, type CertificateRow, type CertificateSource } from './certificate-store';
import { ensurePki } from './ensure-pki';
import { recordCertificateOperation } from './record-operation';

const REQUEST_KEY_CONTEXT = 'certificate-request';

/** Renewal (b), step 1: a new key (kept encrypted) and a PKCS#10 CSR for an external CA. */
export async function createCertificateRequest(ctx: Context): Promise<{ id: string; csrPem: string }> {
  const name = await organizationName(ctx);
  const csr = await createCsr({ commonName: name });
  const master = await masterKey(ctx);
  const id = ctx.random.uuid();
  await ctx.db.insert(schema.certificateRequests).values({
    id,
    csrPem: csr.csrPem,
    subject: `CN=${name}`,
    encryptedKey: b64u(encryptPrivateKey(csr.privateKey, master.key, { context: REQUEST_KEY_CONTEXT, randomBytes: (n) => ctx.random.bytes(n) })),
    createdAt: ctx.clock.now(),
  });
  await recordCertificateOperation(ctx, { action: 'certificate.csr', certificateId: null, detail: { requestId: id } });
  return { id, csrPem: csr.csrPem };
}

/**
 * Renewal (b), step 2: the chain the CA issued for that CSR (PEM). Refused unless it certifies the
 * request's key (CHAIN_KEY_MISMATCH), reaches a root (CHAIN_UNTRUSTED), allows signing
 * (CERT_KEY_USAGE) and is valid now; then activated atomically. A refusal changes nothing.
 */
export async function importIssuedChain(ctx: Context, requestId: string, pem: string, options: { expectedActiveId?: string } = {}): Promise<CertificateRow> {
  const [request] = await ctx.db.select().from(schema.certificateRequests).where(eq(schema.certificateRequests.id, requestId));
  if (!request) throw new AppError('CERT_NOT_FOUND', `expected the id of a certificate request made here, got "${requestId.slice(0, 64)}"`);
  if (request.certificateId) throw new AppError('VALIDATION_FAILED', `expected a pending certificate request; this one was already completed by certificate ${request.certificateId}`);
  const master = await masterKey(ctx);
  const privateKey = decryptPrivateKey(fromB64u(request.encryptedKey), master.key, { context: REQUEST_KEY_CONTEXT });
  const identity = await importChain({ pem, privateKey, now: ctx.clock.now() });
  const row = await activateIdentity(ctx, identity, 'csr', options.expectedActiveId);
  await ctx.db.update(schema.certificateRequests).set({ certificateId: row.id }).where(eq(schema.certificateRequests.id, requestId));
  return row;
}

/** Renewal (c): a PKCS#12 file with its password, checked like a chain, then activated atomically. */
export async function importPkcs12Certificate(ctx: Context, p12: Uint8Array, password: string, options: { expectedActiveId?: string } = {}): Promise<CertificateRow> {
  const identity = await importPkcs12({ p12, password, now: ctx.clock.now() });
  return activateIdentity(ctx, identity, 'pkcs12', options.expectedActiveId);
}

async function activateIdentity(ctx: Context, identity: SigningIdentity, source: CertificateSource, expectedActiveId: string | undefined): Promise<CertificateRow> {
  await ensurePki(ctx);
  const current = await activeCertificate(ctx, 'signing');
  const row = await certificateRow(ctx, { role: 'signing', source, der: identity.certificate, chain: identity.chain, privateKey: identity.privateKey, status: 'inactive' });
  const active = await activateCertificate(ctx, row, expectedActiveId ?? current?.id ?? null);
  await recordCertificateOperation(ctx, { action: 'certificate.renew', certificateId: active.id, detail: { source, replaced: current?.id ?? null } });
  return active;
}

import type { Context } from '../context';
import { organizationName } from '../organization/organization-name';
import { AppError } from '../errors';
import { issueSigningCertificate } from '../pki/issue-certificate';
import { activateCertificate } from './activate-certificate';
import { activeCertificate, certificateKey, certificateRow, fromB64u, type CertificateRow } from './certificate-store';
import { crlUrl } from './crl-url';
import { ensurePki } from './ensure-pki';
import { recordCertificateOperation } from './record-operation';

/**
 * Renewal (a): a new key and a new signing certificate from the local CA, activated atomically
 * (activate-certificate.ts). `expectedActiveId` is the certificate the administrator saw; when
 * omitted, whatever is active now.
 */
export async function renewLocal(ctx: Context, options: { expectedActiveId?: string } = {}): Promise<CertificateRow> {
  await ensurePki(ctx);
  const root = await activeCertificate(ctx, 'root');
  if (!root?.encryptedKey) {
    throw new AppError('CERT_NOT_FOUND', 'expected a local root CA with its key to re-issue from; this organisation uses an external CA (renew with a CSR or PKCS#12)');
  }
  const current = await activeCertificate(ctx, 'signing');
  const issued = await issueSigningCertificate({
    caCertificate: fromB64u(root.der),
    caPrivateKey: await certificateKey(ctx, root),
    organizationName: await organizationName(ctx),
    now: ctx.clock.now(),
    validityDays: ctx.config.certValidityDays,
    randomBytes: (n) => ctx.random.bytes(n),
    crlUrl: (ca) => crlUrl(ctx, ca),
  });
  const row = await certificateRow(ctx, { role: 'signing', source: 'local', der: issued.certificate, privateKey: issued.privateKey, status: 'inactive' });
  const active = await activateCertificate(ctx, row, options.expectedActiveId ?? current?.id ?? null);
  await recordCertificateOperation(ctx, { action: 'certificate.renew', certificateId: active.id, detail: { source: 'local', replaced: current?.id ?? null } });
  return active;
}

import type { Context } from '../context';
import { AppError } from '../errors';
import { buildPkcs12 } from '../pki/build-pkcs12';
import { recordCertificateOperation } from './record-operation';
import { activeCertificate, certificateKey, fromB64u, issuerChain } from './certificate-store';
import { ensurePki } from './ensure-pki';

/** Shortest password accepted for a backup of the private key. */
export const PKCS12_MIN_PASSWORD = 8;

/**
 * Backup: the active signing key (decrypted from the master key only for this) with its certificate
 * and issuers up to the root, as a password-encrypted PKCS#12 (RFC 7292; PBES2/AES-256-CBC key,
 * HMAC-SHA256 MAC — see buildPkcs12). The file imports back through importPkcs12Certificate and
 * into OpenSSL 3. PKCS12_PASSWORD_REQUIRED when the password is shorter than 8 characters.
 */
export async function exportPkcs12(ctx: Context, password: string): Promise<{ p12: Uint8Array; certificateId: string; serial: string }> {
  const length = [...password].length;
  if (length < PKCS12_MIN_PASSWORD) {
    throw new AppError('PKCS12_PASSWORD_REQUIRED', `expected a password of at least ${PKCS12_MIN_PASSWORD} characters to encrypt the private key with, got ${length}`);
  }
  const { signing } = await ensurePki(ctx);
  const row = (await activeCertificate(ctx, 'signing')) ?? signing;
  const certificates = [fromB64u(row.der), ...(await issuerChain(ctx, row))];
  const p12 = await buildPkcs12({ privateKey: await certificateKey(ctx, row), certificates, password });
  // The key left the server: worth a log line (route() records the operation; never the password).
  await recordCertificateOperation(ctx, { action: 'certificate.export_pkcs12', certificateId: row.id, detail: { serial: row.serial } });
  return { p12, certificateId: row.id, serial: row.serial };
}

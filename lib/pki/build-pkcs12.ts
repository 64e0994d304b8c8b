import { engine, pkijs, toArrayBuffer } from './crypto';
import { PkiError } from './pki-errors';

export interface BuildPkcs12Input {
  /** PKCS#8 DER private key (RFC 5208). */
  privateKey: Uint8Array;
  /** DER certificates: the key's own certificate first, then its issuers nearest first. */
  certificates: Uint8Array[];
  password: string;
  /** PBKDF2 iterations for the key encryption (RFC 8018 §5.2); default 600 000 (OWASP 2023, SHA-256). */
  keyIterations?: number;
  /** Iterations of the RFC 7292 Appendix B KDF for the MAC key; default 2048 (OpenSSL 3's default). */
  macIterations?: number;
}

const SHROUDED_KEY_BAG = '1.2.840.113549.1.12.10.1.2'; // pkcs8ShroudedKeyBag, RFC 7292 §4.2.2
const CERT_BAG = '1.2.840.113549.1.12.10.1.3'; // certBag, RFC 7292 §4.2.3
const X509_CERT_BAG = '1.2.840.113549.1.9.22.1'; // x509Certificate, RFC 7292 §4.2.3
const PASSWORD_INTEGRITY = 0; // pkijs integrityMode: password-based integrity MAC, RFC 7292 §5
const NO_PRIVACY = 0; // pkijs privacyMode: plain SafeContents (the certificates are public anyway)

/**
 * Builds a password-protected PKCS#12 (PFX, RFC 7292) with pkijs, in the algorithms OpenSSL 3 writes
 * by default and reads without -legacy:
 *
 * - the key in a PKCS8ShroudedKeyBag encrypted with PBES2 (RFC 8018 §6.2): PBKDF2 with HMAC-SHA256
 *   and a 64-byte random salt, then AES-256-CBC;
 * - the certificates in CertBags (x509Certificate), leaf first;
 * - the whole AuthenticatedSafe under a password-based HMAC-SHA256 integrity MAC (RFC 7292 §5.1,
 *   MAC key from the Appendix B KDF, as OpenSSL computes it).
 *
 * Returns the DER PFX. The caller checks the password policy; this refuses only an empty password.
 */
export async function buildPkcs12(input: BuildPkcs12Input): Promise<Uint8Array> {
  if (input.password.length === 0) throw new PkiError('PKCS12_PASSWORD', 'expected a password to encrypt the PKCS#12 file with, got an empty one');
  if (input.certificates.length === 0) throw new PkiError('MALFORMED_PEM', 'expected at least one certificate for the PKCS#12 file, got none');
  const password = toArrayBuffer(new TextEncoder().encode(input.password));

  const keyBag = new pkijs.PKCS8ShroudedKeyBag({ parsedValue: pkijs.PrivateKeyInfo.fromBER(toArrayBuffer(input.privateKey)) });
  await keyBag.makeInternalValues(
    {
      password,
      // pkijs draws the IV and salt itself (CryptoEngine.encryptEncryptedContentInfo); the type asks for an iv it ignores.
      contentEncryptionAlgorithm: { name: 'AES-CBC', length: 256 } as pkijs.ContentEncryptionAesCbcParams,
      hmacHashAlgorithm: 'SHA-256',
      iterationCount: input.keyIterations ?? 600_000,
    },
    engine,
  );
  const certBags = input.certificates.map(
    (der) =>
      new pkijs.SafeBag({
        bagId: CERT_BAG,
        bagValue: new pkijs.CertBag({ certId: X509_CERT_BAG, parsedValue: pkijs.Certificate.fromBER(toArrayBuffer(der)) }),
      }),
  );

  const safe = new pkijs.AuthenticatedSafe({
    parsedValue: {
      safeContents: [
        {
          privacyMode: NO_PRIVACY,
          value: new pkijs.SafeContents({ safeBags: [new pkijs.SafeBag({ bagId: SHROUDED_KEY_BAG, bagValue: keyBag }), ...certBags] }),
        },
      ],
    },
  });
  await safe.makeInternalValues({ safeContents: [{}] }, engine);

  const pfx = new pkijs.PFX({ parsedValue: { integrityMode: PASSWORD_INTEGRITY, authenticatedSafe: safe } });
  await pfx.makeInternalValues(
    { password, iterations: input.macIterations ?? 2048, pbkdf2HashAlgorithm: { name: 'SHA-256' }, hmacHashAlgorithm: 'SHA-256' },
    engine,
  );
  return new Uint8Array(pfx.toSchema().toBER(false));
}

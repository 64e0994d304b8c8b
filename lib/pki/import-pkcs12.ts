import { engine, pkijs, toArrayBuffer } from './crypto';
import { checkSigningIdentity, normalizePrivateKey, type SigningIdentity } from './import-chain';
import { PkiError } from './pki-errors';
import { certificateDer } from './signed-data';

export interface ImportPkcs12Input {
  /** The .p12 / .pfx file (DER PFX, RFC 7292). */
  p12: Uint8Array;
  password: string;
  /** DER roots to trust besides any self-signed root in the file. */
  trustedRoots?: Uint8Array[];
  /** When the chain must be valid (the injected clock's now). */
  now: Date;
}

const X509_CERT_BAG = '1.2.840.113549.1.9.22.1'; // x509Certificate, RFC 7292 §4.2.3
const KEY_BAG = '1.2.840.113549.1.12.10.1.1'; // keyBag, RFC 7292 §4.2.1
const SHROUDED_KEY_BAG = '1.2.840.113549.1.12.10.1.2'; // pkcs8ShroudedKeyBag, RFC 7292 §4.2.2
const CERT_BAG = '1.2.840.113549.1.12.10.1.3'; // certBag, RFC 7292 §4.2.3

/** Legacy PKCS#12 PBE schemes (RFC 7292 Appendix C) that WebCrypto cannot decrypt (3DES, RC2, RC4). */
const LEGACY_PBE = /^1\.2\.840\.113549\.1\.12\.1\./;

/**
 * Imports a signing identity from a PKCS#12 file (RFC 7292) with pkijs: verifies the password-based
 * integrity MAC (RFC 7292 §5), decrypts the password-encrypted safe contents and shrouded key bag
 * (PBES2: PBKDF2 + AES-CBC, RFC 8018, the OpenSSL 3 default), then checks the certificate and key
 * as importChain does (checkSigningIdentity).
 *
 * - PKCS12_PASSWORD: the MAC does not verify, or (files without a MAC) decryption fails;
 * - MALFORMED_PEM: not a PFX, no private key, more than one key, or legacy 3DES/RC2 encryption that
 *   WebCrypto cannot decrypt (re-export with `openssl pkcs12 -export` from OpenSSL 3, not -legacy);
 * - then CHAIN_KEY_MISMATCH, CERT_KEY_USAGE, CERT_EXPIRED/NOT_YET_VALID, CHAIN_UNTRUSTED as in importChain.
 */
export async function importPkcs12(input: ImportPkcs12Input): Promise<SigningIdentity> {
  const password = toArrayBuffer(new TextEncoder().encode(input.password));
  let pfx: pkijs.PFX;
  try {
    pfx = pkijs.PFX.fromBER(toArrayBuffer(input.p12));
  } catch (e) {
    throw new PkiError('MALFORMED_PEM', `expected a DER PKCS#12 (PFX) file; ${input.p12.byteLength} bytes did not parse: ${(e as Error).message}`, { cause: e });
  }
  try {
    await pfx.parseInternalValues({ password, checkIntegrity: pfx.macData !== undefined }, engine);
  } catch (e) {
    const message = (e as Error).message;
    if (/Integrity/.test(message)) {
      throw new PkiError('PKCS12_PASSWORD', 'expected the PKCS#12 password to verify the file integrity MAC; it does not (wrong password)', { cause: e });
    }
    throw new PkiError('MALFORMED_PEM', `expected a password-integrity PKCS#12 file: ${message}`, { cause: e });
  }

  const safe = (pfx.parsedValue as { authenticatedSafe?: pkijs.AuthenticatedSafe } | undefined)?.authenticatedSafe;
  if (!safe) throw new PkiError('MALFORMED_PEM', 'expected an AuthenticatedSafe inside the PKCS#12 file, found none');
  const decryptFailure = (e: unknown, what: string): never => {
    const message = (e as Error).message;
    const alg = /Unknown "contentEncryptionAlgorithm": (\S+)/.exec(message)?.[1];
    if (alg && LEGACY_PBE.test(alg)) {
      throw new PkiError(
        'MALFORMED_PEM',
        `expected PBES2 (AES) encryption in the PKCS#12 file, found legacy scheme ${alg} (3DES/RC2); re-export it with OpenSSL 3 without -legacy`,
        { cause: e },
      );
    }
    if (pfx.macData !== undefined && !alg) {
      // The MAC verified, so the password is right: the content itself is broken.
      throw new PkiError('MALFORMED_PEM', `expected the PKCS#12 ${what} to decrypt: ${message}`, { cause: e });
    }
    throw new PkiError('PKCS12_PASSWORD', `expected the PKCS#12 password to decrypt the ${what}; it does not (wrong password?): ${message}`, { cause: e });
  };
  try {
    await safe.parseInternalValues({ safeContents: safe.safeContents.map(() => ({ password })) }, engine);
  } catch (e) {
    decryptFailure(e, 'safe contents');
  }

  const certificates: Uint8Array[] = [];
  const keys: Uint8Array[] = [];
  const contents = (safe.parsedValue as { safeContents: { value: pkijs.SafeContents }[] }).safeContents;
  for (const { value } of contents) {
    for (const bag of value.safeBags) {
      if (bag.bagId === CERT_BAG) {
        const certBag = bag.bagValue as pkijs.CertBag;
        if (certBag.certId === X509_CERT_BAG && certBag.parsedValue instanceof pkijs.Certificate) certificates.push(certificateDer(certBag.parsedValue));
      } else if (bag.bagId === SHROUDED_KEY_BAG) {
        // EncryptedPrivateKeyInfo (RFC 5208 §6) decrypted as PKCS8ShroudedKeyBag.parseInternalValues
        // does (that method is not public in pkijs's types).
        const shrouded = bag.bagValue as pkijs.PKCS8ShroudedKeyBag;
        const encrypted = new pkijs.EncryptedData({
          encryptedContentInfo: new pkijs.EncryptedContentInfo({
            contentEncryptionAlgorithm: shrouded.encryptionAlgorithm,
            encryptedContent: shrouded.encryptedData,
          }),
        });
        let pkcs8: ArrayBuffer | undefined;
        try {
          pkcs8 = await encrypted.decrypt({ password }, engine);
        } catch (e) {
          decryptFailure(e, 'private key');
        }
        if (!pkcs8) throw new PkiError('MALFORMED_PEM', 'expected the shrouded key bag to hold a PKCS#8 key, found nothing');
        keys.push(normalizePrivateKey(new Uint8Array(pkcs8)));
      } else if (bag.bagId === KEY_BAG) {
        keys.push(normalizePrivateKey(new Uint8Array((bag.bagValue as pkijs.PrivateKeyInfo).toSchema().toBER(false))));
      }
    }
  }
  if (keys.length !== 1 || !keys[0]) {
    throw new PkiError('MALFORMED_PEM', `expected exactly one private key in the PKCS#12 file, found ${keys.length}`);
  }
  if (certificates.length === 0) throw new PkiError('MALFORMED_PEM', 'expected at least one certificate in the PKCS#12 file, found none');
  return checkSigningIdentity(certificates, keys[0], input.trustedRoots ?? [], input.now);
}

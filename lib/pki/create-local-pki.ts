import { randomBytes } from 'node:crypto';
import { hex, nodeCrypto, randomSerialHex, sha256, toBytes, x509 } from './crypto';
import { OID } from './oids';

/**
 * The organisation's own signing PKI, made in-process: a root CA, the organisation signing
 * certificate it issues, and a time-stamping authority certificate it issues.
 *
 * Keys are ECDSA P-256 with SHA-256 signatures (FIPS 186-4, RFC 5480, RFC 5758): small, fast and
 * widely supported by CMS verifiers (the tests check OpenSSL). Certificates are built with
 * @peculiar/x509 over Node's WebCrypto and handed back as DER; private keys as PKCS#8 DER (RFC 5208),
 * to be encrypted at rest with key-encryption.ts before they are stored.
 */

export interface CertifiedKey {
  /** DER X.509 certificate. */
  certificate: Uint8Array;
  /** PKCS#8 DER private key (unencrypted: encrypt with encryptPrivateKey before storing). */
  privateKey: Uint8Array;
}

export interface LocalPki {
  root: CertifiedKey;
  organization: CertifiedKey;
  tsa: CertifiedKey;
}

export interface CreateLocalPkiInput {
  /** The organisation's name: the organisation certificate's subject CN (and O). */
  organizationName: string;
  /** notBefore of every certificate; validity periods count from here. */
  now: Date;
  /** Lifetime of the organisation signing certificate in days; default 365. */
  validityDays?: number;
  /** Lifetime of the root CA in years; default 20. */
  rootValidityYears?: number;
  /** Lifetime of the TSA certificate in years; default 10 (timestamps must be checkable long after signing). */
  tsaValidityYears?: number;
  /** Randomness for serial numbers; node:crypto unless a test injects its own. */
  randomBytes?: (length: number) => Uint8Array;
  /**
   * Where the root publishes its CRL, given the root's SHA-256 fingerprint (hex); issued
   * certificates then carry it as cRLDistributionPoints (RFC 5280 §4.2.1.13) so validators and the
   * PAdES long-term validation data can find revocation status. Omitted: no distribution point.
   */
  crlUrl?: (caFingerprintHex: string) => string;
}

const DAY_MS = 86_400_000;
const ALG: EcKeyGenParams = { name: 'ECDSA', namedCurve: 'P-256' };
const SIGNING: EcdsaParams = { name: 'ECDSA', hash: 'SHA-256' };

/** RFC 5280 times have one-second resolution; certificates start on a whole second. */
function wholeSecond(d: Date): Date {
  return new Date(Math.floor(d.getTime() / 1000) * 1000);
}

function addYears(d: Date, years: number): Date {
  const out = new Date(d);
  out.setUTCFullYear(out.getUTCFullYear() + years);
  return out;
}

function positiveInteger(name: string, value: number): number {
  if (!Number.isInteger(value) || value <= 0) throw new RangeError(`expected ${name} to be a positive integer, found ${value}`);
  return value;
}

async function generateKeys(): Promise<CryptoKeyPair> {
  return nodeCrypto.subtle.generateKey(ALG, true, ['sign', 'verify']);
}

async function exportPkcs8(key: CryptoKey): Promise<Uint8Array> {
  return toBytes(await nodeCrypto.subtle.exportKey('pkcs8', key));
}

/**
 * Creates the local PKI:
 *
 * - root CA, self-signed, 20 years: basicConstraints cA=TRUE (critical), keyUsage keyCertSign |
 *   cRLSign (critical) (RFC 5280 §4.2.1.9, §4.2.1.3);
 * - organisation signing certificate, default 365 days: subject CN = organisation name, keyUsage
 *   digitalSignature | nonRepudiation (critical), basicConstraints cA=FALSE; no extendedKeyUsage,
 *   so no application purpose is excluded (RFC 5280 §4.2.1.12);
 * - TSA certificate, 10 years: extendedKeyUsage id-kp-timeStamping only and critical, as RFC 3161
 *   §2.3 requires, keyUsage digitalSignature (critical).
 *
 * Issued certificates carry subjectKeyIdentifier and authorityKeyIdentifier (RFC 5280 §4.2.1.1-2)
 * so path building finds the issuer by key, not only by name.
 */
export async function createLocalPki(input: CreateLocalPkiInput): Promise<LocalPki> {
  const name = input.organizationName.trim();
  if (name === '') throw new RangeError('expected a non-empty organizationName, found an empty string');
  const validityDays = positiveInteger('validityDays', input.validityDays ?? 365);
  const rootYears = positiveInteger('rootValidityYears', input.rootValidityYears ?? 20);
  const tsaYears = positiveInteger('tsaValidityYears', input.tsaValidityYears ?? 10);
  const random = input.randomBytes ?? ((n: number) => new Uint8Array(randomBytes(n)));
  const serial = () => randomSerialHex(random(16));
  const notBefore = wholeSecond(input.now);
  const rootNotAfter = addYears(notBefore, rootYears);
  const clampToRoot = (d: Date) => (d > rootNotAfter ? rootNotAfter : d);

  const rootKeys = await generateKeys();
  const rootName: x509.JsonName = [{ CN: [`${name} Signet Root CA`] }, { O: [name] }];
  const root = await x509.X509CertificateGenerator.createSelfSigned(
    {
      serialNumber: serial(),
      name: rootName,
      notBefore,
      notAfter: rootNotAfter,
      signingAlgorithm: SIGNING,
      keys: rootKeys,
      extensions: [
        new x509.BasicConstraintsExtension(true, undefined, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
        await x509.SubjectKeyIdentifierExtension.create(rootKeys.publicKey, false, nodeCrypto),
      ],
    },
    nodeCrypto,
  );

  const rootFingerprint = hex(sha256(toBytes(root.rawData)));
  const crlPoint: x509.Extension[] = input.crlUrl ? [new x509.CRLDistributionPointsExtension([input.crlUrl(rootFingerprint)])] : [];

  const issue = async (subject: x509.JsonName, notAfter: Date, extensions: x509.Extension[]): Promise<CertifiedKey> => {
    const keys = await generateKeys();
    const cert = await x509.X509CertificateGenerator.create(
      {
        serialNumber: serial(),
        subject,
        issuer: root.subject,
        notBefore,
        notAfter: clampToRoot(notAfter),
        signingAlgorithm: SIGNING,
        publicKey: keys.publicKey,
        signingKey: rootKeys.privateKey,
        extensions: [
          ...extensions,
          ...crlPoint,
          new x509.BasicConstraintsExtension(false, undefined, true),
          await x509.SubjectKeyIdentifierExtension.create(keys.publicKey, false, nodeCrypto),
          await x509.AuthorityKeyIdentifierExtension.create(rootKeys.publicKey, false, nodeCrypto),
        ],
      },
      nodeCrypto,
    );
    return { certificate: toBytes(cert.rawData), privateKey: await exportPkcs8(keys.privateKey) };
  };

  const organization = await issue([{ CN: [name] }, { O: [name] }], new Date(notBefore.getTime() + validityDays * DAY_MS), [
    new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation, true),
  ]);
  const tsa = await issue([{ CN: [`${name} Signet Time-Stamping Authority`] }, { O: [name] }], addYears(notBefore, tsaYears), [
    new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
    new x509.ExtendedKeyUsageExtension([OID.kpTimeStamping], true),
  ]);

  return {
    root: { certificate: toBytes(root.rawData), privateKey: await exportPkcs8(rootKeys.privateKey) },
    organization,
    tsa,
  };
}

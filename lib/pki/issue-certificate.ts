import { hex, nodeCrypto, randomSerialHex, sha256, toArrayBuffer, toBytes, x509 } from './crypto';
import type { CertifiedKey } from './create-local-pki';

export interface IssueSigningCertificateInput {
  /** DER of the issuing CA (the local root). */
  caCertificate: Uint8Array;
  /** Its PKCS#8 DER private key (ECDSA P-256). */
  caPrivateKey: Uint8Array;
  organizationName: string;
  now: Date;
  validityDays: number;
  randomBytes: (length: number) => Uint8Array;
  /** cRLDistributionPoints URL for the CA's fingerprint, as createLocalPki's crlUrl. */
  crlUrl?: (caFingerprintHex: string) => string;
}

const DAY_MS = 86_400_000;

/**
 * Re-issues the organisation signing certificate from the local CA with a NEW key (renewal (a)):
 * the same profile as createLocalPki's — keyUsage digitalSignature | nonRepudiation (critical),
 * basicConstraints cA=FALSE, subject/authority key identifiers (RFC 5280 §4.2.1.1-3, §4.2.1.9) —
 * valid from `now` (whole second) for validityDays, never past the CA's own notAfter.
 */
export async function issueSigningCertificate(input: IssueSigningCertificateInput): Promise<CertifiedKey> {
  const ca = new x509.X509Certificate(toArrayBuffer(input.caCertificate));
  const caKey = await nodeCrypto.subtle.importKey('pkcs8', toArrayBuffer(input.caPrivateKey), { name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign']);
  const caPublic = await ca.publicKey.export(nodeCrypto);
  const keys = await nodeCrypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify']);
  const notBefore = new Date(Math.floor(input.now.getTime() / 1000) * 1000);
  const wanted = new Date(notBefore.getTime() + input.validityDays * DAY_MS);
  const name = input.organizationName.trim();
  const cert = await x509.X509CertificateGenerator.create(
    {
      serialNumber: randomSerialHex(input.randomBytes(16)),
      subject: [{ CN: [name] }, { O: [name] }],
      issuer: ca.subject,
      notBefore,
      notAfter: wanted > ca.notAfter ? ca.notAfter : wanted,
      signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' },
      publicKey: keys.publicKey,
      signingKey: caKey,
      extensions: [
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation, true),
        new x509.BasicConstraintsExtension(false, undefined, true),
        await x509.SubjectKeyIdentifierExtension.create(keys.publicKey, false, nodeCrypto),
        await x509.AuthorityKeyIdentifierExtension.create(caPublic, false, nodeCrypto),
        ...(input.crlUrl ? [new x509.CRLDistributionPointsExtension([input.crlUrl(hex(sha256(input.caCertificate)))])] : []),
      ],
    },
    nodeCrypto,
  );
  return { certificate: toBytes(cert.rawData), privateKey: toBytes(await nodeCrypto.subtle.exportKey('pkcs8', keys.privateKey)) };
}

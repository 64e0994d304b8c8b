import { nodeCrypto, toBytes, x509 } from './crypto';
import { toPem } from './pem';

export interface CreateCsrInput {
  /** Subject commonName: the organisation's name, as the CA will print it. */
  commonName: string;
  /** Subject organizationName; defaults to commonName. */
  organization?: string;
  /** Subject countryName, two letters (ISO 3166-1 alpha-2), e.g. "DE". */
  country?: string;
}

export interface Csr {
  /** DER PKCS#10 CertificationRequest. */
  csr: Uint8Array;
  /** The same as PEM ("CERTIFICATE REQUEST"), for pasting into a CA's web form. */
  csrPem: string;
  /** PKCS#8 DER private key of the request: encrypt it (key-encryption.ts) and keep it for import-chain. */
  privateKey: Uint8Array;
}

/**
 * Creates a new ECDSA P-256 key and a PKCS#10 certificate request for it (RFC 2986), for an
 * organisation that wants its signing certificate from an external CA instead of the local root.
 *
 * The request asks (extensionRequest, RFC 2985 §5.4.2) for keyUsage digitalSignature +
 * nonRepudiation, critical, the profile countersign() needs; the CA decides what it grants, and
 * import-chain.ts checks the answer. The request is signed by the new key (proof of possession,
 * RFC 2986 §3).
 */
export async function createCsr(input: CreateCsrInput): Promise<Csr> {
  const cn = input.commonName.trim();
  if (cn === '') throw new RangeError('expected a non-empty commonName, found an empty string');
  if (input.country !== undefined && !/^[A-Z]{2}$/.test(input.country)) {
    throw new RangeError(`expected country as two capital letters (ISO 3166-1 alpha-2), found "${input.country}"`);
  }
  const keys = await nodeCrypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify']);
  const name: x509.JsonName = [{ CN: [cn] }, { O: [input.organization?.trim() || cn] }];
  if (input.country) name.push({ C: [input.country] });
  const csr = await x509.Pkcs10CertificateRequestGenerator.create(
    {
      name,
      keys,
      signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' } as EcdsaParams,
      extensions: [new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation, true)],
    },
    nodeCrypto,
  );
  const der = toBytes(csr.rawData);
  return { csr: der, csrPem: toPem(der, 'CERTIFICATE REQUEST'), privateKey: toBytes(await nodeCrypto.subtle.exportKey('pkcs8', keys.privateKey)) };
}

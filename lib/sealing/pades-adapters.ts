import { sign as nodeSign, randomBytes } from 'node:crypto';
import { type DigestAlgorithm, type RevocationProvider, type Signer, type TimestampAuthority as PdfTsa } from '@libpdf/core';
import { keyAlgorithmOf } from '../pki/crypto';
import { isPkiError, PkiError } from '../pki/pki-errors';
import { acceptTimestampResponse, createTimestampRequest, nonceValue, type TimestampAuthority } from '../pki/timestamp-authority';

/**
 * The organisation's key as a @libpdf/core Signer: the library builds the CAdES SignedData
 * (ETSI.CAdES.detached, signing-certificate-v2, RFC 5035) and asks for the raw signature over the
 * DER signed attributes. ECDSA answers DER SEQUENCE { r, s } (RFC 5753 §7.2), as CMS requires.
 */
export function organisationSigner(certificate: Uint8Array, chain: Uint8Array[], pkcs8: Uint8Array): Signer {
  const alg = keyAlgorithmOf(pkcs8);
  const isEc = alg.import.name === 'ECDSA';
  const key = { key: Buffer.from(pkcs8), format: 'der' as const, type: 'pkcs8' as const, ...(isEc ? { dsaEncoding: 'der' as const } : {}) };
  return {
    certificate,
    certificateChain: chain,
    keyType: isEc ? 'EC' : 'RSA',
    signatureAlgorithm: isEc ? 'ECDSA' : 'RSASSA-PKCS1-v1_5',
    sign(data: Uint8Array, algorithm: DigestAlgorithm): Promise<Uint8Array> {
      return Promise.resolve(new Uint8Array(nodeSign(algorithm.replace('-', '').toLowerCase(), data, key)));
    },
  };
}

/**
 * Signet's TSA (built-in, or TSA_URL) for the PDF library: the signature timestamp (PAdES B-T) and
 * the document timestamp (B-LTA) come from the same authority as the countersignature. SHA-256
 * only (the built-in TSA's imprint). Every failure is TSA_UNAVAILABLE.
 */
export function pdfTimestampAuthority(tsa: TimestampAuthority, random: (n: number) => Uint8Array = (n) => new Uint8Array(randomBytes(n))): PdfTsa {
  return {
    async timestamp(digest: Uint8Array, algorithm: DigestAlgorithm): Promise<Uint8Array> {
      if (algorithm !== 'SHA-256') throw new PkiError('TSA_UNAVAILABLE', `expected a SHA-256 imprint for the TSA, got ${algorithm}`);
      const nonce = random(16);
      try {
        if (tsa.issueToken) return (await tsa.issueToken(digest, nonceValue(nonce))).token;
        return acceptTimestampResponse(await tsa.timestamp(createTimestampRequest(digest, nonce)), digest, nonce).token;
      } catch (e) {
        if (isPkiError(e) && e.code === 'TSA_UNAVAILABLE') throw e;
        throw new PkiError('TSA_UNAVAILABLE', `expected a timestamp token from the TSA, it failed: ${(e as Error).message}`, { cause: e });
      }
    },
  };
}

/**
 * Revocation data for the DSS (PAdES B-LT): certificates of a local CA get that CA's current CRL
 * straight from the database (the same bytes /api/pki/crl/{ca}.crl serves). The library's own
 * network provider is not exported, so an imported external chain gets no revocation data here;
 * the library then reports REVOCATION_UNAVAILABLE and sealing logs it (docs/evidence.md).
 */
export function revocationProvider(localCrl: (certificate: Uint8Array) => Promise<Uint8Array | null>): RevocationProvider {
  return { getCRL: localCrl };
}

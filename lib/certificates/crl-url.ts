import type { Context } from '../context';

/** The public URL of a local CA's CRL (app/api/pki/crl/[ca]): the CA named by its SHA-256 fingerprint. */
export function crlUrl(ctx: Pick<Context, 'config'>, caFingerprintHex: string): string {
  return `${ctx.config.origin}/api/pki/crl/${caFingerprintHex}.crl`;
}

import type { Context } from '../context';
import { HttpTsa } from '../pki/http-tsa';
import { LocalTsa } from '../pki/local-tsa';
import type { TimestampAuthority } from '../pki/timestamp-authority';
import { activeCertificate, certificateKey, fromB64u, issuerChain, type CertificateRow } from './certificate-store';
import { ensurePki } from './ensure-pki';

export interface SigningIdentityRow {
  row: CertificateRow;
  certificate: Uint8Array;
  /** Issuers above it, nearest first, ending at the root. */
  chain: Uint8Array[];
  privateKey: Uint8Array;
  /** The built-in TSA, or the external one at TSA_URL. */
  tsa: TimestampAuthority;
}

/** The active organisation signing certificate (the local PKI is made on first use) with its key and TSA. */
export async function activeSigningIdentity(ctx: Context): Promise<SigningIdentityRow> {
  const { signing } = await ensurePki(ctx);
  const row = (await activeCertificate(ctx, 'signing')) ?? signing;
  return {
    row,
    certificate: fromB64u(row.der),
    chain: await issuerChain(ctx, row),
    privateKey: await certificateKey(ctx, row),
    tsa: await timestampAuthority(ctx),
  };
}

/**
 * Who stamps signatures: the TSA at TSA_URL when configured (RFC 3161 §3.4 over HTTP), else the
 * built-in TSA with the local PKI's TSA certificate. Its genTime comes from ctx.clock, so tests move
 * time without sleeping.
 */
export async function timestampAuthority(ctx: Context): Promise<TimestampAuthority> {
  if (ctx.config.tsaUrl) return new HttpTsa({ url: ctx.config.tsaUrl });
  await ensurePki(ctx);
  const row = await activeCertificate(ctx, 'tsa');
  if (!row) throw new Error('expected an active TSA certificate in the local PKI; there is none');
  return new LocalTsa({
    certificate: fromB64u(row.der),
    privateKey: await certificateKey(ctx, row),
    chain: await issuerChain(ctx, row),
    clock: ctx.clock,
    randomBytes: (n) => ctx.random.bytes(n),
  });
}

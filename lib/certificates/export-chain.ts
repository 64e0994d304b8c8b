import type { Context } from '../context';
import { toPem } from '../pki/pem';
import { activeCertificate, fromB64u, issuerChain } from './certificate-store';
import { ensurePki } from './ensure-pki';

/** Backup / publication: the active signing certificate and its issuers up to the root, as PEM. */
export async function exportChainPem(ctx: Context): Promise<string> {
  await ensurePki(ctx);
  const row = await activeCertificate(ctx, 'signing');
  if (!row) return '';
  const chain = [fromB64u(row.der), ...(await issuerChain(ctx, row))];
  return `${chain.map((der) => toPem(der, 'CERTIFICATE').trim()).join('\n')}\n`;
}

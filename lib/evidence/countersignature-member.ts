import { eq } from 'drizzle-orm';
import { schema } from '@/db/client';
import { fromB64u, issuerChain } from '../certificates/certificate-store';
import type { Context } from '../context';
import { toPem } from '../pki/pem';
import type { EvidenceBundle } from './evidence-format';

export type CountersignatureMembers = Pick<EvidenceBundle, 'payload' | 'cms' | 'certificates' | 'timestamp'>;

const base64 = (b: Uint8Array): string => Buffer.from(b).toString('base64');

/**
 * The bundle members of a record's countersignature, from the bytes stored at signing: payload
 * (base64url, as signed), cms and timestamp (standard base64 DER, so `base64 -d` feeds openssl
 * directly) and the PEM chain of the certificate that signed, root last. Empty for a record signed
 * before countersignatures existed.
 */
export async function countersignatureMembers(ctx: Context, recordId: string): Promise<CountersignatureMembers> {
  const [row] = await ctx.db
    .select({ cs: schema.recordCountersignatures, cert: schema.certificates })
    .from(schema.recordCountersignatures)
    .innerJoin(schema.certificates, eq(schema.certificates.id, schema.recordCountersignatures.certificateId))
    .where(eq(schema.recordCountersignatures.recordId, recordId));
  if (!row) return {};
  const chain = [fromB64u(row.cert.der), ...(await issuerChain(ctx, row.cert))];
  return {
    payload: row.cs.payload,
    cms: base64(fromB64u(row.cs.cms)),
    certificates: `${chain.map((der) => toPem(der, 'CERTIFICATE').trim()).join('\n')}\n`,
    timestamp: base64(fromB64u(row.cs.timestamp)),
  };
}

import { currentCrl } from '@/lib/certificates/current-crl';
import { appContext } from '@/lib/context';
import { AppError } from '@/lib/errors';
import { route } from '@/lib/http/respond';

/** A local CA's CRL, DER (RFC 5280 §5), as application/pkix-crl (RFC 2585 §4.2); the path ends in .crl. */
export const GET = route<{ ca: string }>(
  async (_request, { ca }) => {
    const match = /^([0-9a-f]{64})\.crl$/.exec(String(ca));
    if (!match?.[1]) throw new AppError('NOT_FOUND', `expected /api/pki/crl/{sha256 of the CA}.crl, got "${String(ca).slice(0, 80)}"`);
    const der = await currentCrl(await appContext(), match[1]);
    return new Response(Buffer.from(der), { headers: { 'Content-Type': 'application/pkix-crl', 'Cache-Control': 'public, max-age=300' } });
  },
  { roles: 'public', action: 'pki.crl', readOnly: true },
);

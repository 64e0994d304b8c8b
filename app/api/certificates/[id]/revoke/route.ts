import { revokeCertificateBody } from '@/lib/api/certificate-schemas';
import { uuidParam } from '@/lib/api/schemas';
import { revokeCertificate } from '@/lib/certificates/revoke-certificate';
import { appContext } from '@/lib/context';
import { parseJson, parseParam, route } from '@/lib/http/respond';

export const POST = route<{ id: string }>(
  async (request, { id }) => {
    const input = await parseJson(request, revokeCertificateBody);
    const row = await revokeCertificate(await appContext(), parseParam(id, uuidParam, 'a certificate id'), {
      reason: input.reason,
      at: input.at ? new Date(input.at) : undefined,
    });
    return { id: row.id, revokedAt: row.revokedAt, revocationReason: row.revocationReason };
  },
  { roles: ['admin'], action: 'certificate.revoke' },
);

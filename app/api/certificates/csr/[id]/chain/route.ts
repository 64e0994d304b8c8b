import { importChainBody } from '@/lib/api/certificate-schemas';
import { uuidParam } from '@/lib/api/schemas';
import { importIssuedChain } from '@/lib/certificates/import-certificate';
import { appContext } from '@/lib/context';
import { parseJson, parseParam, route } from '@/lib/http/respond';

export const POST = route<{ id: string }>(
  async (request, { id }) => {
    const input = await parseJson(request, importChainBody);
    const row = await importIssuedChain(await appContext(), parseParam(id, uuidParam, 'a certificate request id'), input.pem, { expectedActiveId: input.expectedActiveId });
    return Response.json({ id: row.id, subject: row.subject, serial: row.serial, notAfter: row.notAfter }, { status: 201 });
  },
  { roles: ['admin'], action: 'certificate.import_chain' },
);

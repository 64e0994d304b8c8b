import { importPkcs12Body } from '@/lib/api/certificate-schemas';
import { importPkcs12Certificate } from '@/lib/certificates/import-certificate';
import { appContext } from '@/lib/context';
import { parseJson, route } from '@/lib/http/respond';

export const POST = route(
  async (request) => {
    const input = await parseJson(request, importPkcs12Body);
    const p12 = new Uint8Array(Buffer.from(input.p12, 'base64'));
    const row = await importPkcs12Certificate(await appContext(), p12, input.password, { expectedActiveId: input.expectedActiveId });
    return Response.json({ id: row.id, subject: row.subject, serial: row.serial, notAfter: row.notAfter }, { status: 201 });
  },
  { roles: ['admin'], action: 'certificate.import_pkcs12' },
);

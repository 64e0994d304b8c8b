import { uuidParam } from '@/lib/api/schemas';
import { appContext } from '@/lib/context';
import { getEvidence } from '@/lib/evidence/get-evidence';
import { parseParam, route } from '@/lib/http/respond';

export const GET = route<{ id: string }>(
  async (_request, { id }, call) => {
    call.operation.target = { type: 'record', id: String(id).slice(0, 80) };
    const recordId = parseParam(id, uuidParam, 'a record id');
    const bundle = await getEvidence(await appContext(), recordId, call.actor);
    return new Response(JSON.stringify(bundle, null, 2) + '\n', {
      headers: {
        'Content-Type': 'application/json; charset=utf-8',
        'Content-Disposition': `attachment; filename="signet-evidence-${recordId}.json"`,
        'Cache-Control': 'no-store',
      },
    });
  },
  { roles: ['admin', 'uploader', 'auditor'], action: 'evidence.download' },
);

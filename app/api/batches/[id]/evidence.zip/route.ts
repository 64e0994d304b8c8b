import { uuidParam } from '@/lib/api/schemas';
import { exportBatchEvidence } from '@/lib/batches/export-batch-evidence';
import { appContext } from '@/lib/context';
import { parseParam, route } from '@/lib/http/respond';

export const GET = route<{ id: string }>(
  async (_request, { id }, call) => {
    call.operation.target = { type: 'batch', id: String(id).slice(0, 80) };
    const exported = await exportBatchEvidence(await appContext(), parseParam(id, uuidParam, 'a batch id'), call.actor);
    call.operation.details = { bundles: exported.entries.length };
    return new Response(exported.stream, {
      headers: { 'Content-Type': 'application/zip', 'Content-Disposition': `attachment; filename="${exported.fileName}"`, 'Cache-Control': 'no-store' },
    });
  },
  { roles: ['admin', 'uploader', 'auditor'], action: 'batch.evidence_export' },
);

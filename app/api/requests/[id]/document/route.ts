import { uuidParam } from '@/lib/api/schemas';
import { appContext } from '@/lib/context';
import { documentResponse } from '@/lib/http/document-response';
import { parseParam, route } from '@/lib/http/respond';
import { openRequestDocument } from '@/lib/signing/open-request-document';

export const GET = route<{ id: string }>(
  async (request, { id }, call) => {
    // Not readOnly: handing out an original is worth a line in the log, as the sealed PDF is.
    call.operation.target = { type: 'request', id: String(id).slice(0, 80) };
    const doc = await openRequestDocument(await appContext(), parseParam(id, uuidParam, 'a request id'), call.actor);
    return documentResponse(doc, request, { download: true });
  },
  { roles: ['admin', 'uploader', 'auditor'], action: 'document.download' },
);

import { tokenParam } from '@/lib/api/schemas';
import { appContext } from '@/lib/context';
import { documentResponse } from '@/lib/http/document-response';
import { parseParam, route } from '@/lib/http/respond';
import { noteSignerCall } from '@/lib/signing/note-signer-call';
import { openCeremonyDocument } from '@/lib/signing/get-ceremony';

export const GET = route<{ token: string }>(
  async (request, { token }, call) => {
    const ctx = await appContext();
    await noteSignerCall(ctx, call.operation, token);
    return documentResponse(await openCeremonyDocument(ctx, parseParam(token, tokenParam, 'a signing token')), request);
  },
  { roles: 'signer-token', action: 'document.view', readOnly: true },
);

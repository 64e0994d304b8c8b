import { tokenParam } from '@/lib/api/schemas';
import { appContext } from '@/lib/context';
import { documentResponse } from '@/lib/http/document-response';
import { parseParam, route } from '@/lib/http/respond';
import { openCeremonyDocument } from '@/lib/signing/get-ceremony';

export const GET = route<{ token: string }>(async (request, { token }) =>
  documentResponse(await openCeremonyDocument(await appContext(), parseParam(token, tokenParam, 'a signing token')), request),
  { roles: 'signer-token', action: 'ceremony.document' },
);

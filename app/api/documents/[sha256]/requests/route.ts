import { sha256Param } from '@/lib/api/schemas';
import { appContext } from '@/lib/context';
import { parseParam, route } from '@/lib/http/respond';
import { findRequestsByDocument } from '@/lib/signing/find-requests-by-document';

export const GET = route<{ sha256: string }>(
  async (_request, { sha256 }, call) => findRequestsByDocument(await appContext(), parseParam(sha256, sha256Param, 'a SHA-256 (64 lower-case hex digits)'), call.actor),
  { roles: ['admin', 'uploader', 'auditor'], action: 'document.lookup', readOnly: true },
);

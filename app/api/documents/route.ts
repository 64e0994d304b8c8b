import { Readable } from 'node:stream';
import { appContext } from '@/lib/context';
import { UPLOAD_HEADERS } from '@/lib/api/schemas';
import { uploadDocument } from '@/lib/documents/upload-document';
import { AppError } from '@/lib/errors';
import { route } from '@/lib/http/respond';
import { UPLOAD_LIMITS } from '@/lib/rate-limit/route-limits';

/** uploadDocument: the raw file is the body, streamed to disk; metadata travels in headers. */
export const POST = route(async (request, _params, call) => {
  const claimed = request.headers.get(UPLOAD_HEADERS.sha256);
  if (!claimed) throw new AppError('VALIDATION_FAILED', `expected the ${UPLOAD_HEADERS.sha256} header with the file's hex SHA-256, got none`);
  let fileName = 'document';
  try {
    fileName = decodeURIComponent(request.headers.get(UPLOAD_HEADERS.fileName) ?? 'document');
  } catch {
    throw new AppError('VALIDATION_FAILED', `expected ${UPLOAD_HEADERS.fileName} to be URI-encoded UTF-8`);
  }
  const length = request.headers.get('content-length');
  const body = request.body ? Readable.fromWeb(request.body as import('node:stream/web').ReadableStream<Uint8Array>) : Readable.from([]);
  const ctx = await appContext();
  const document = await uploadDocument(ctx, {
    body,
    fileName,
    mediaType: request.headers.get('content-type')?.split(';')[0]?.trim(),
    claimedSha256: claimed,
    declaredLength: length === null ? undefined : Number(length),
  }, call.actor);
  call.operation.target = { type: 'document', id: document.id };
  call.operation.details = { sha256: document.sha256, size: document.size, mediaType: document.mediaType };
  return Response.json(document, { status: 201 });
}, { roles: ['admin', 'uploader'], action: 'document.upload', limits: UPLOAD_LIMITS });

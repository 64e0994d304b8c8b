import { Readable } from 'node:stream';

/** Types a browser may render inline; anything else downloads, so uploaded HTML never runs. */
const INLINE = new Set(['application/pdf', 'image/png', 'image/jpeg', 'image/gif', 'image/webp']);

/**
 * Streams a stored document with headers that keep untrusted bytes inert. `download` forces
 * Content-Disposition: attachment (the original for an archive), even for a PDF a browser could show.
 */
export function documentResponse(
  doc: { sha256: string; size: number; mediaType: string; name: string; stream: NodeJS.ReadableStream },
  _request: Request,
  options: { download?: boolean } = {},
): Response {
  const inline = !options.download && INLINE.has(doc.mediaType);
  const asciiName = doc.name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return new Response(Readable.toWeb(doc.stream as Readable) as ReadableStream<Uint8Array>, {
    headers: {
      'Content-Type': inline || options.download ? doc.mediaType : 'application/octet-stream',
      'Content-Length': String(doc.size),
      'Content-Disposition': `${inline ? 'inline' : 'attachment'}; filename="${asciiName}"; filename*=UTF-8''${encodeURIComponent(doc.name)}`,
      'Content-Security-Policy': "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:",
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'private, no-store',
      ETag: `"${doc.sha256}"`,
      'X-Signet-Sha256': doc.sha256,
    },
  });
}

import { referenceBundle } from '@/lib/api/reference-bundle';

/** Scalar's browser build for /api-docs; immutable per version (the page asks for ?v=<version>). */
export async function GET(): Promise<Response> {
  const { body, version } = await referenceBundle();
  return new Response(new Uint8Array(body), {
    headers: { 'Content-Type': 'text/javascript; charset=utf-8', 'Cache-Control': 'public, max-age=31536000, immutable', ETag: `"${version}"` },
  });
}

import { NextResponse, type NextRequest } from 'next/server';
import { LINK_LOCALE_HEADER, newNonce, pageCsp } from './lib/http/security-headers';

/**
 * Per-request CSP nonce for the pages (Next.js "Content Security Policy" guide): Next.js reads the
 * nonce from the request's CSP header and stamps it on the inline scripts it renders. Every page
 * is dynamically rendered, which nonces require. API routes get their fixed CSP in next.config.ts.
 */
export function proxy(request: NextRequest): NextResponse {
  const nonce = newNonce();
  const csp = pageCsp(nonce, { https: (process.env.ORIGIN ?? '').startsWith('https:'), dev: process.env.NODE_ENV === 'development' });
  const headers = new Headers(request.headers);
  headers.set('x-nonce', nonce);
  headers.set('Content-Security-Policy', csp);
  headers.delete(LINK_LOCALE_HEADER);
  const lang = request.nextUrl.searchParams.get('lang');
  if (lang && (request.nextUrl.pathname.startsWith('/s/') || request.nextUrl.pathname.startsWith('/q/'))) headers.set(LINK_LOCALE_HEADER, lang.slice(0, 16));
  const response = NextResponse.next({ request: { headers } });
  response.headers.set('Content-Security-Policy', csp);
  return response;
}

export const config = {
  matcher: [
    {
      source: '/((?!api|_next/static|_next/image|favicon.ico|icon.svg|icons/|manifest.webmanifest|vendor/).*)',
      missing: [
        { type: 'header', key: 'next-router-prefetch' },
        { type: 'header', key: 'purpose', value: 'prefetch' },
      ],
    },
  ],
};

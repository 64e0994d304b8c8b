import { createHash } from 'node:crypto';
import type { Config } from '../env';

/**
 * Cookie names and Set-Cookie values for staff sessions, framework-free (route handlers return
 * them as headers; server components read them through lib/auth/session-cookie.ts).
 *
 * Over HTTPS the names carry the `__Host-` prefix (RFC 6265bis §4.1.3.2): Secure, Path=/, no
 * Domain, so a sibling subdomain cannot plant or overwrite them.
 */
export function cookieNames(config: Pick<Config, 'origin'>): { session: string; csrf: string } {
  const secure = config.origin.startsWith('https:');
  return secure ? { session: '__Host-signet_session', csrf: '__Host-signet_csrf' } : { session: 'signet_session', csrf: 'signet_csrf' };
}

/**
 * The CSRF token for a session: derived from the (HttpOnly) session token, so it cannot be forged
 * without it, and exposed in a readable cookie for the page to echo in X-Signet-CSRF (OWASP CSRF
 * cheat sheet, "signed double-submit cookie").
 */
export function csrfTokenFor(sessionToken: string): string {
  return createHash('sha256').update(`signet-csrf:${sessionToken}`, 'utf8').digest('base64url');
}

export const CSRF_HEADER = 'x-signet-csrf';

function attributes(config: Pick<Config, 'origin'>, maxAgeSeconds: number, httpOnly: boolean): string {
  const secure = config.origin.startsWith('https:');
  return ['Path=/', `Max-Age=${Math.max(0, Math.floor(maxAgeSeconds))}`, 'SameSite=Lax', httpOnly ? 'HttpOnly' : '', secure ? 'Secure' : ''].filter(Boolean).join('; ');
}

/** Set-Cookie values that start a session (SameSite=Lax, HttpOnly, Secure on https). */
export function sessionCookies(config: Pick<Config, 'origin'>, token: string, expiresAt: Date, now: Date): string[] {
  const names = cookieNames(config);
  const maxAge = (expiresAt.getTime() - now.getTime()) / 1000;
  return [`${names.session}=${token}; ${attributes(config, maxAge, true)}`, `${names.csrf}=${csrfTokenFor(token)}; ${attributes(config, maxAge, false)}`];
}

/** Set-Cookie values that clear the session cookies. */
export function clearedSessionCookies(config: Pick<Config, 'origin'>): string[] {
  const names = cookieNames(config);
  return [`${names.session}=; ${attributes(config, 0, true)}`, `${names.csrf}=; ${attributes(config, 0, false)}`];
}

/** Reads one cookie from a Cookie request header. */
export function readCookie(header: string | null, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim() || null;
  }
  return null;
}

/** A JSON response that starts a session: the body plus both Set-Cookie headers. */
export function withSessionCookies(body: unknown, config: Pick<Config, 'origin'>, session: { token: string; expiresAt: Date }, now: Date, status = 200): Response {
  const response = Response.json(body, { status, headers: { 'Cache-Control': 'no-store' } });
  for (const c of sessionCookies(config, session.token, session.expiresAt, now)) response.headers.append('Set-Cookie', c);
  return response;
}

/** A JSON response that clears the session cookies. */
export function withClearedCookies(body: unknown, config: Pick<Config, 'origin'>): Response {
  const response = Response.json(body, { headers: { 'Cache-Control': 'no-store' } });
  for (const c of clearedSessionCookies(config)) response.headers.append('Set-Cookie', c);
  return response;
}

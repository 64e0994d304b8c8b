import type { Context } from '../context';
import { AppError, isAppError } from '../errors';
import { ANONYMOUS, actorRoles, type Actor, type Role } from './actor';
import { resolveApiKey } from './api-keys';
import { CSRF_HEADER, cookieNames, csrfTokenFor, readCookie } from './session-cookie-names';
import { resolveSession } from './sessions';

/** Who may call a route: staff roles, 'public', or 'signer-token' (see RouteOptions in lib/http/respond.ts). */
export type RouteAccess = readonly Role[] | 'public' | 'signer-token';

/** A route that declares nothing is admin-only: forgetting to declare access fails closed. */
export const DEFAULT_ACCESS: RouteAccess = ['admin'];

export interface ResolvedCaller {
  actor: Actor;
  /** The session cookie's token when the actor came from a cookie (for the CSRF check). */
  sessionToken: string | null;
  /** Why presented credentials were not accepted (expired/revoked session, bad API key). */
  failure: AppError | null;
}

/**
 * Identifies the caller: `Authorization: Bearer <API key>` first (RFC 6750 §2.1), else the session
 * cookie. Never throws for bad credentials; the failure is kept so a protected route can say why.
 */
export async function resolveActor(ctx: Context, request: Request): Promise<ResolvedCaller> {
  const authorization = request.headers.get('authorization');
  try {
    if (authorization !== null) {
      const m = /^Bearer\s+([A-Za-z0-9_-]{1,200})\s*$/i.exec(authorization);
      if (!m) throw new AppError('API_KEY_INVALID', 'expected "Authorization: Bearer <API key>", got another scheme or a malformed key');
      return { actor: await resolveApiKey(ctx, m[1]!), sessionToken: null, failure: null };
    }
    const token = readCookie(request.headers.get('cookie'), cookieNames(ctx.config).session);
    if (token === null) return { actor: ANONYMOUS, sessionToken: null, failure: null };
    return { actor: await resolveSession(ctx, token), sessionToken: token, failure: null };
  } catch (e) {
    if (!isAppError(e)) throw e;
    return { actor: ANONYMOUS, sessionToken: null, failure: e };
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Decides whether the caller may call a route with the declared access. Throws UNAUTHENTICATED (or
 * the credential failure: SESSION_EXPIRED, API_KEY_INVALID) without an accepted identity,
 * FORBIDDEN when none of the caller's roles is allowed (admin may call every staff route), and
 * CSRF_REJECTED for a cookie-authenticated state change that lacks this site's Origin (OWASP CSRF
 * cheat sheet, "verifying origin with standard headers") or the session's CSRF token header
 * (signed double-submit). Bearer-key calls are exempt: browsers never attach them on their own.
 */
export function authorizeRoute(caller: ResolvedCaller, access: RouteAccess, request: Request, origin: string): void {
  if (access === 'public' || access === 'signer-token') return;
  const { actor } = caller;
  if (actor.kind !== 'staff' && actor.kind !== 'api_key') {
    throw caller.failure ?? new AppError('UNAUTHENTICATED', 'expected a signed-in session or "Authorization: Bearer <API key>", got neither');
  }
  const roles = actorRoles(actor);
  if (!roles.includes('admin') && !access.some((r) => roles.includes(r))) {
    throw new AppError('FORBIDDEN', `expected one of the roles ${access.join(', ')}; ${actor.name} has ${roles.join(', ') || 'none'}`);
  }
  if (actor.kind === 'staff' && !SAFE_METHODS.has(request.method.toUpperCase())) checkCsrf(caller.sessionToken ?? '', request, origin);
}

function checkCsrf(sessionToken: string, request: Request, origin: string): void {
  const sent = request.headers.get('origin');
  if (sent !== origin) throw new AppError('CSRF_REJECTED', `expected Origin ${origin} on a signed-in change, got ${sent === null ? 'none' : JSON.stringify(sent.slice(0, 80))}`);
  const token = request.headers.get(CSRF_HEADER);
  if (!token || token !== csrfTokenFor(sessionToken)) {
    throw new AppError('CSRF_REJECTED', `expected the ${CSRF_HEADER} header to carry this session's CSRF token, got ${token ? 'a different one' : 'none'}`);
  }
}

/**
 * Resolves and authorizes in one step, for route(): public routes still learn who is calling.
 * `onResolved` hears the caller before the access check, so a refusal (FORBIDDEN, CSRF_REJECTED) is
 * logged against the person who was refused rather than as anonymous.
 */
export async function authorizeRequest(
  ctx: () => Promise<Context>,
  request: Request,
  access: RouteAccess = DEFAULT_ACCESS,
  onResolved?: (caller: ResolvedCaller) => void,
): Promise<ResolvedCaller> {
  const credentialed = request.headers.has('authorization') || (request.headers.get('cookie') ?? '').includes('signet_session');
  if (!credentialed) {
    authorizeRoute({ actor: ANONYMOUS, sessionToken: null, failure: null }, access, request, '');
    return { actor: ANONYMOUS, sessionToken: null, failure: null };
  }
  const context = await ctx();
  const caller = await resolveActor(context, request);
  onResolved?.(caller);
  authorizeRoute(caller, access, request, context.config.origin);
  return caller;
}

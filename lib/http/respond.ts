import { z } from 'zod';
import { ANONYMOUS, type Actor, type Role } from '../auth/actor';
import { authorizeRequest } from '../auth/authorize';
import { appContext } from '../context';
import { config } from '../env';
import { AppError, errorBody, isAppError } from '../errors';
import { clientInfo } from '../operations/client-info';
import { recordCall } from '../metrics/instruments';
import { finishCall, outcomeOf, startCall, type CallInfo } from '../operations/log-call';
import { enforceLimits, retryAfterOf, type RateLimitRule } from '../rate-limit/enforce-limits';

/**
 * The HTTP edge shared by every route handler: parse, call one domain verb, map the result or an
 * AppError to a response. Uses only the standard Request/Response, so it is framework-free.
 */
export function errorResponse(e: unknown): Response {
  if (isAppError(e)) return Response.json(errorBody(e), { status: e.status, headers: { 'Cache-Control': 'no-store' } });
  const dbDown = e instanceof Error && /ECONNREFUSED|connect|terminat/i.test(e.message) && /postgres|database|ECONNREFUSED/i.test(`${e.message}${e.stack}`);
  const wrapped = dbDown
    ? new AppError('DATABASE_UNAVAILABLE', 'expected the database to answer; it did not (see the server log)')
    : new AppError('INTERNAL', 'an unexpected error occurred; the server log has the details');
  console.error('[signet] unhandled error', e);
  return Response.json(errorBody(wrapped), { status: wrapped.status, headers: { 'Cache-Control': 'no-store' } });
}

/**
 * What a route declares about itself. `roles`: who may call it ('public' = anyone, 'signer-token' =
 * authorized by the signing token in the path alone, otherwise the staff roles allowed). `action`:
 * the operation-log action name (e.g. 'request.create') recorded with the actor and the outcome;
 * `readOnly`: the route changes nothing, so only its refusals are logged. `limits`: the rate-limit
 * buckets a call draws from (lib/rate-limit), refused with 429 RATE_LIMITED when empty.
 */
export interface RouteOptions {
  roles?: readonly Role[] | 'public' | 'signer-token';
  action?: string;
  readOnly?: boolean;
  limits?: readonly RateLimitRule[];
}

/** Per-request facts the wrapper resolves before the handler runs. */
export interface RouteCall extends CallInfo {
  actor: Actor;
}

export type Handler<P> = (request: Request, params: P, call: RouteCall) => Promise<Response | unknown>;

/** A route handler as exported by app/api/**, with what it declared (the route tests read it). */
export type RouteHandler<P> = ((request: Request, context: { params: Promise<P> }) => Promise<Response>) & { routeOptions: RouteOptions };

/**
 * Wraps a route handler: JSON for plain results, the error catalogue for failures, an X-Request-Id
 * on every answer, and one operation-log entry for every state change and every refusal.
 */
export function route<P = Record<string, never>>(handler: Handler<P>, options: RouteOptions = {}): RouteHandler<P> {
  const wrapped = async (request: Request, context: { params: Promise<P> }): Promise<Response> => {
    const started = performance.now();
    const call: RouteCall = { actor: ANONYMOUS, ...startCall(request) };
    let response: Response;
    let failure: unknown = null;
    try {
      const params = await context.params;
      // Rate limits first (they key on the address or the signing token, so a flood of bad
      // credentials is throttled too), then resolve the caller and check the declared access
      // (lib/auth/authorize.ts); a refusal is logged like any other failure.
      await enforceLimits(options.limits, call, params);
      await authorizeRequest(appContext, request, options.roles, (caller) => (call.actor = caller.actor));
      const result = await handler(request, params, call);
      response = result instanceof Response ? result : Response.json(result, { headers: { 'Cache-Control': 'no-store' } });
    } catch (e) {
      failure = e;
      response = errorResponse(e);
    }
    await finishCall(options, call, failure);
    const retryAfter = retryAfterOf(failure);
    if (retryAfter !== null) response = withHeader(response, 'Retry-After', String(retryAfter));
    const { outcome, errorCode } = outcomeOf(failure);
    recordCall({ action: options.action, method: request.method, status: response.status, seconds: (performance.now() - started) / 1000, outcome, code: errorCode });
    return withHeader(response, 'X-Request-Id', call.requestId);
  };
  return Object.assign(wrapped, { routeOptions: options });
}

function withHeader(response: Response, name: string, value: string): Response {
  try {
    response.headers.set(name, value);
    return response;
  } catch {
    // Immutable headers (a fetched or redirect Response): copy it.
    const copy = new Response(response.body, response);
    copy.headers.set(name, value);
    return copy;
  }
}

function describeIssues(error: z.ZodError): string {
  // An unknown key is named as the parameter itself, so "offset: unknown parameter" reads like the rest.
  return error.issues.map((i) => (i.code === 'unrecognized_keys' ? i.keys.map((k) => `${[...i.path, k].join('.')}: not a known parameter`).join('; ') : `${i.path.length ? i.path.join('.') : '(body)'}: ${i.message}`)).join('; ');
}

/** Parses a JSON body against a schema; MALFORMED_JSON or VALIDATION_FAILED say what was wrong. */
export async function parseJson<T extends z.ZodType>(request: Request, schema: T): Promise<z.infer<T>> {
  let body: unknown;
  try {
    body = await request.json();
  } catch {
    throw new AppError('MALFORMED_JSON', 'expected a JSON request body, got something that does not parse as JSON');
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new AppError('VALIDATION_FAILED', `expected a valid body: ${describeIssues(parsed.error)}`);
  return parsed.data;
}

/** Parses query parameters against a schema. */
export function parseQuery<T extends z.ZodType>(request: Request, schema: T): z.infer<T> {
  const params = Object.fromEntries(new URL(request.url).searchParams.entries());
  const parsed = schema.safeParse(params);
  if (!parsed.success) throw new AppError('VALIDATION_FAILED', `expected valid query parameters: ${describeIssues(parsed.error)}`);
  return parsed.data;
}

/** Parses a path parameter against a schema (ids are UUIDs, tokens base64url). */
export function parseParam<T extends z.ZodType>(value: unknown, schema: T, name: string): z.infer<T> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new AppError('NOT_FOUND', `expected ${name} in the documented format, got "${String(value).slice(0, 80)}"`);
  return parsed.data;
}

/** Client address and agent as recorded with a signature (see lib/operations/client-info.ts). */
export function clientMeta(request: Request): { ip: string | null; userAgent: string | null } {
  return clientInfo(request, config().trustProxy);
}

/**
 * A ledger index or tree size from a path or query parameter: a non-negative decimal integer with
 * no sign, leading zeroes, exponent or fraction, at most 2^53 − 1. LEDGER_BAD_PARAMETER otherwise.
 */
export function parseLedgerNumber(value: string | null | undefined, name: string): number {
  const text = value ?? '';
  const n = /^(0|[1-9][0-9]{0,15})$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(n)) {
    throw new AppError('LEDGER_BAD_PARAMETER', `expected ${name} as a non-negative decimal integer such as 0 or 42, got ${value == null ? 'nothing' : JSON.stringify(text.slice(0, 40))}`);
  }
  return n;
}

/** A query parameter by name, or null. */
export function queryParam(request: Request, name: string): string | null {
  return new URL(request.url).searchParams.get(name);
}

import { z } from 'zod';
import { type Actor, type Role } from '../auth/actor';
import { authorizeRequest } from '../auth/authorize';
import { appContext } from '../context';
import { AppError, errorBody, isAppError } from '../errors';

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
 * the operation-log action name (e.g. 'request.create') recorded with the actor and the outcome.
 */
export interface RouteOptions {
  roles?: readonly Role[] | 'public' | 'signer-token';
  action?: string;
}

/** Per-request facts the wrapper resolves before the handler runs. */
export interface RouteCall {
  actor: Actor;
}

export type Handler<P> = (request: Request, params: P, call: RouteCall) => Promise<Response | unknown>;

/** Wraps a route handler: JSON for plain results, the error catalogue for failures. */
export function route<P = Record<string, never>>(handler: Handler<P>, options: RouteOptions = {}) {
  return async (request: Request, context: { params: Promise<P> }): Promise<Response> => {
    try {
      // Resolve the caller and check the declared access before anything else (lib/auth/authorize.ts).
      const call: RouteCall = { actor: (await authorizeRequest(appContext, request, options.roles)).actor };
      const result = await handler(request, await context.params, call);
      if (result instanceof Response) return result;
      return Response.json(result, { headers: { 'Cache-Control': 'no-store' } });
    } catch (e) {
      return errorResponse(e);
    }
  };
}

function describeIssues(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.length ? i.path.join('.') : '(body)'}: ${i.message}`).join('; ');
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

/** Client address and agent as recorded with a signature. Behind a proxy, X-Forwarded-For's first hop. */
export function clientMeta(request: Request): { ip: string | null; userAgent: string | null } {
  const forwarded = request.headers.get('x-forwarded-for')?.split(',')[0]?.trim();
  return { ip: forwarded || request.headers.get('x-real-ip') || null, userAgent: request.headers.get('user-agent') };
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

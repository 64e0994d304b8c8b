import { readdir } from 'node:fs/promises';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { and, count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '@/db/client';
import { OPERATION_ACCESS, SESSION_ONLY } from '@/lib/api/access';
import type { Role } from '@/lib/auth/actor';
import type { Context } from '@/lib/context';
import { fixedClock } from '@/lib/clock';

/**
 * issue 5 §4: every route file under app/api, every method it exports, called by every kind of
 * caller: who passes the gate (any status but 401/403) and who is refused (401/403 with the code).
 * A route file or method without an OPERATION_ACCESS entry fails the first test.
 */
const ORIGIN = 'http://localhost:3997';
const API = path.join(process.cwd(), 'app', 'api');
let dataDir: string;
let ctx: Context;

interface Operation {
  key: string;
  file: string;
  method: string;
  params: Record<string, string>;
}
let operations: Operation[];

const DUMMY: Record<string, string> = { id: '00000000-0000-4000-8000-000000000000', token: 'AAAAAAAAAAAAAAAAAAAAAA', index: '0' };

async function routeFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await routeFiles(full)));
    else if (entry.name === 'route.ts') out.push(full);
  }
  return out;
}

type Caller = { name: string; headers: Record<string, string>; roles: Role[]; kind: 'none' | 'bad-session' | 'bad-key' | 'session' | 'key' };
let callers: Caller[];

async function sessionCaller(roles: Role[]): Promise<Caller> {
  const { enrolStaff } = await import('@/lib/auth/test-support');
  const { csrfTokenFor, cookieNames } = await import('@/lib/auth/session-cookie-names');
  const staff = await enrolStaff(ctx, roles, `${roles.join('+')} staff`);
  const names = cookieNames(ctx.config);
  return {
    name: `${roles.join('+')} session`,
    roles,
    kind: 'session',
    headers: { cookie: `${names.session}=${staff.session.token}; ${names.csrf}=${csrfTokenFor(staff.session.token)}`, origin: ORIGIN, 'x-signet-csrf': csrfTokenFor(staff.session.token) },
  };
}

function call(op: Operation, headers: Record<string, string>): Promise<Response> {
  const withBody = op.method !== 'GET' && op.method !== 'DELETE';
  const url = `${ORIGIN}${op.key.split(' ')[1]!.replace(/\{(\w+)\}/g, (_, n: string) => DUMMY[n]!)}`;
  const request = new Request(url, { method: op.method, headers: { ...headers, ...(withBody ? { 'content-type': 'application/json' } : {}) }, body: withBody ? '{}' : undefined });
  return import(op.file).then((mod: Record<string, (r: Request, c: { params: Promise<unknown> }) => Promise<Response>>) => mod[op.method]!(request, { params: Promise.resolve(op.params) }));
}

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'signet-matrix-'));
  Object.assign(process.env, { ORIGIN, DATA_DIR: dataDir });
  delete process.env.DATABASE_URL;
  const { appContext } = await import('@/lib/context');
  ctx = await appContext();
  const { createApiKey } = await import('@/lib/auth/api-keys');
  const { createSession, revokeSession } = await import('@/lib/auth/sessions');
  const { cookieNames } = await import('@/lib/auth/session-cookie-names');

  operations = [];
  for (const file of await routeFiles(API)) {
    const rel = path.relative(API, path.dirname(file)).split(path.sep).map((s) => s.replace(/^\[(\w+)\]$/, '{$1}'));
    const params = Object.fromEntries(rel.filter((s) => s.startsWith('{')).map((s) => [s.slice(1, -1), DUMMY[s.slice(1, -1)]!]));
    const mod = (await import(file)) as Record<string, unknown>;
    for (const method of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE']) {
      if (typeof mod[method] === 'function') operations.push({ key: `${method} /api/${rel.join('/')}`, file, method, params });
    }
  }

  const admin = await sessionCaller(['admin']);
  const uploader = await sessionCaller(['uploader']);
  const auditor = await sessionCaller(['auditor']);
  const key = async (roles: Role[]) => ({ name: `${roles.join('+')} API key`, roles, kind: 'key' as const, headers: { authorization: `Bearer ${(await createApiKey(ctx, { name: roles.join('+'), roles })).key}` } });
  const revokedKey = await createApiKey(ctx, { name: 'revoked', roles: ['admin'] });
  const { revokeApiKey } = await import('@/lib/auth/api-keys');
  await revokeApiKey(ctx, revokedKey.id);
  const past = fixedClock(new Date(Date.now() - 13 * 3_600_000));
  const expiredKey = await createApiKey({ ...ctx, clock: past }, { name: 'expired', roles: ['admin'], expiresAt: new Date(past.now().getTime() + 3_600_000) });
  const adminId = (await ctx.db.select().from(schema.staffUsers))[0]!.id;
  const expiredSession = await createSession({ ...ctx, clock: past }, adminId, { ip: null, userAgent: null });
  const revokedSession = await createSession(ctx, adminId, { ip: null, userAgent: null });
  await revokeSession(ctx, revokedSession.sessionId);
  const names = cookieNames(ctx.config);
  callers = [
    { name: 'no credentials', roles: [], kind: 'none', headers: {} },
    { name: 'expired session', roles: [], kind: 'bad-session', headers: { cookie: `${names.session}=${expiredSession.token}`, origin: ORIGIN } },
    { name: 'revoked session', roles: [], kind: 'bad-session', headers: { cookie: `${names.session}=${revokedSession.token}`, origin: ORIGIN } },
    { name: 'revoked API key', roles: [], kind: 'bad-key', headers: { authorization: `Bearer ${revokedKey.key}` } },
    { name: 'expired API key', roles: [], kind: 'bad-key', headers: { authorization: `Bearer ${expiredKey.key}` } },
    admin,
    uploader,
    auditor,
    await key(['admin']),
    await key(['uploader']),
    await key(['auditor']),
  ];
}, 120_000);

afterAll(async () => {
  await ctx.database.close();
  await rm(dataDir, { recursive: true, force: true });
});

/** Calls that end the caller's own sessions run last, with fresh sessions. */
const LAST = new Set(['POST /api/auth/sign-out', 'POST /api/auth/sign-out-everywhere']);

describe('role × route matrix', () => {
  it('has an access entry for every route file and method, and a route for every entry', () => {
    const found = operations.map((o) => o.key).sort();
    expect(found.filter((k) => !(k in OPERATION_ACCESS)), 'routes without an OPERATION_ACCESS entry').toEqual([]);
    expect(Object.keys(OPERATION_ACCESS).filter((k) => !found.includes(k)), 'entries without a route').toEqual([]);
  });

  it('lets exactly the declared callers through and refuses the rest with 401/403', async () => {
    const ordered = [...operations].sort((a, b) => Number(LAST.has(a.key)) - Number(LAST.has(b.key)));
    const problems: string[] = [];
    for (const op of ordered) {
      const access = OPERATION_ACCESS[op.key]!;
      // Sign-out calls end the caller's sessions: give each its own fresh signed-in staff member.
      const fresh = LAST.has(op.key) ? await Promise.all(callers.map((c) => (c.kind === 'session' ? sessionCaller(c.roles) : c))) : callers;
      for (const caller of fresh) {
        const res = await call(op, caller.headers);
        const body = res.status === 401 || res.status === 403 ? ((await res.json()) as { error: { code: string } }) : null;
        if (res.body && !body) await res.body.cancel();
        let expected: string;
        if (access === 'public' || access === 'signer-token') expected = 'pass';
        else if (caller.kind === 'none') expected = 'UNAUTHENTICATED';
        else if (caller.kind === 'bad-session') expected = 'SESSION_EXPIRED';
        else if (caller.kind === 'bad-key') expected = 'API_KEY_INVALID';
        else if (!caller.roles.includes('admin') && !access.some((r) => caller.roles.includes(r))) expected = 'FORBIDDEN';
        else if (caller.kind === 'key' && SESSION_ONLY.has(op.key)) expected = 'FORBIDDEN';
        else expected = 'pass';
        // Passing the gate must not end in a crash: a 500 here is a route that cannot run outside Next.js's own request scope.
        if (res.status === 500) problems.push(`${op.key} as ${caller.name}: HTTP ${res.status}`);
        const got = body ? body.error.code : 'pass';
        if (got !== expected) problems.push(`${op.key} as ${caller.name}: expected ${expected}, got ${got} (HTTP ${res.status})`);
      }
    }
    expect(problems).toEqual([]);
  }, 240_000);

  it('refuses a signed-in change without the CSRF header or from another Origin, and changes nothing', async () => {
    const admin = await sessionCaller(['admin']);
    const before = (await ctx.db.select({ n: count() }).from(schema.apiKeys))[0]!.n;
    const op: Operation = { key: 'POST /api/admin/api-keys', file: path.join(API, 'admin/api-keys/route.ts'), method: 'POST', params: {} };
    const { 'x-signet-csrf': _csrf, ...noToken } = admin.headers;
    void _csrf;
    for (const headers of [noToken, { ...admin.headers, origin: 'https://evil.example' }, { ...admin.headers, 'x-signet-csrf': 'forged' }]) {
      const res = await call(op, headers);
      expect(res.status).toBe(403);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('CSRF_REJECTED');
    }
    expect((await ctx.db.select({ n: count() }).from(schema.apiKeys))[0]!.n).toBe(before);
    // Each refusal is in the operation log, against the signed-in person who was refused.
    const refused = await ctx.db.select().from(schema.operations).where(and(eq(schema.operations.action, 'api_key.create'), eq(schema.operations.errorCode, 'CSRF_REJECTED')));
    expect(refused.map((o) => [o.outcome, o.actorKind, o.actorName])).toEqual(Array(3).fill(['refused', 'staff', 'admin staff']));
  });
});

import { and, desc, eq, isNull } from 'drizzle-orm';
import { schema } from '@/db/client';
import type { Context } from '../context';
import { AppError } from '../errors';
import type { Actor } from './actor';
import { storedRoles } from './roles';
import { SECRET_PREFIX, hashSecret, newSecret } from './secrets';

export interface NewSession {
  /** The cookie value; never stored (the session id is its SHA-256). */
  token: string;
  sessionId: string;
  expiresAt: Date;
}

export interface SessionMeta {
  ip: string | null;
  userAgent: string | null;
}

/** lastSeenAt is written at most this often, so a busy page does not write on every request. */
const TOUCH_EVERY_MS = 60_000;

export async function createSession(ctx: Context, userId: string, meta: SessionMeta): Promise<NewSession> {
  const token = newSecret(ctx.random, SECRET_PREFIX.session);
  const now = ctx.clock.now();
  const expiresAt = new Date(now.getTime() + ctx.config.auth.sessionMaxHours * 3_600_000);
  const sessionId = hashSecret(token);
  await ctx.db.insert(schema.staffSessions).values({ id: sessionId, userId, createdAt: now, lastSeenAt: now, expiresAt, ip: meta.ip, userAgent: meta.userAgent?.slice(0, 400) ?? null });
  return { token, sessionId, expiresAt };
}

/**
 * The staff member behind a session cookie. SESSION_EXPIRED when the session was revoked (sign-out,
 * sign-out everywhere, account disabled), passed its absolute end (SESSION_MAX_HOURS) or sat idle
 * longer than SESSION_IDLE_MINUTES (OWASP Session Management: both timeouts, enforced server-side).
 */
export async function resolveSession(ctx: Context, token: string): Promise<Extract<Actor, { kind: 'staff' }>> {
  const sessionId = hashSecret(token);
  const [row] = await ctx.db
    .select({ session: schema.staffSessions, user: schema.staffUsers })
    .from(schema.staffSessions)
    .innerJoin(schema.staffUsers, eq(schema.staffUsers.id, schema.staffSessions.userId))
    .where(eq(schema.staffSessions.id, sessionId));
  if (!row) throw new AppError('SESSION_EXPIRED', 'expected a current session cookie, got one this server does not know; sign in again');
  const { session, user } = row;
  const now = ctx.clock.now();
  if (session.revokedAt) throw new AppError('SESSION_EXPIRED', `expected a current session; this one was signed out at ${session.revokedAt.toISOString()}`);
  if (user.disabledAt) throw new AppError('SESSION_EXPIRED', 'expected an active account; this account was removed');
  if (session.expiresAt.getTime() <= now.getTime()) {
    throw new AppError('SESSION_EXPIRED', `expected a session younger than ${ctx.config.auth.sessionMaxHours} h; it ended at ${session.expiresAt.toISOString()}`);
  }
  const idleEnd = session.lastSeenAt.getTime() + ctx.config.auth.sessionIdleMinutes * 60_000;
  if (idleEnd <= now.getTime()) {
    throw new AppError('SESSION_EXPIRED', `expected activity within ${ctx.config.auth.sessionIdleMinutes} minutes; the session was idle since ${session.lastSeenAt.toISOString()}`);
  }
  if (now.getTime() - session.lastSeenAt.getTime() >= TOUCH_EVERY_MS) {
    await ctx.db.update(schema.staffSessions).set({ lastSeenAt: now }).where(eq(schema.staffSessions.id, sessionId));
  }
  return { kind: 'staff', id: user.id, name: user.name, roles: storedRoles(user.roles), sessionId };
}

/** Signs one session out (idempotent). */
export async function revokeSession(ctx: Context, sessionId: string): Promise<void> {
  await ctx.db
    .update(schema.staffSessions)
    .set({ revokedAt: ctx.clock.now() })
    .where(and(eq(schema.staffSessions.id, sessionId), isNull(schema.staffSessions.revokedAt)));
}

/** Signs a user out everywhere; returns how many sessions ended. */
export async function revokeAllSessions(ctx: Context, userId: string): Promise<{ revoked: number }> {
  const rows = await ctx.db
    .update(schema.staffSessions)
    .set({ revokedAt: ctx.clock.now() })
    .where(and(eq(schema.staffSessions.userId, userId), isNull(schema.staffSessions.revokedAt)))
    .returning({ id: schema.staffSessions.id });
  return { revoked: rows.length };
}

export interface SessionView {
  /** A short, non-secret reference (the id is a hash, but we still show only its start). */
  ref: string;
  current: boolean;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
  userAgent: string | null;
  ip: string | null;
}

/** The user's live sessions, newest first. */
export async function listSessions(ctx: Context, userId: string, currentSessionId: string | null): Promise<SessionView[]> {
  const now = ctx.clock.now().getTime();
  const idleMs = ctx.config.auth.sessionIdleMinutes * 60_000;
  const rows = await ctx.db
    .select()
    .from(schema.staffSessions)
    .where(and(eq(schema.staffSessions.userId, userId), isNull(schema.staffSessions.revokedAt)))
    .orderBy(desc(schema.staffSessions.createdAt));
  return rows
    .filter((s) => s.expiresAt.getTime() > now && s.lastSeenAt.getTime() + idleMs > now)
    .map((s) => ({
      ref: s.id.slice(0, 12),
      current: s.id === currentSessionId,
      createdAt: s.createdAt.toISOString(),
      lastSeenAt: s.lastSeenAt.toISOString(),
      expiresAt: s.expiresAt.toISOString(),
      userAgent: s.userAgent,
      ip: s.ip,
    }));
}

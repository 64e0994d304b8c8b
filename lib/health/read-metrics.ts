import { createHash, timingSafeEqual } from 'node:crypto';
import { count, eq, min } from 'drizzle-orm';
import { schema } from '@/db/client';
import { actorRoles, type Actor } from '../auth/actor';
import { allCertificates } from '../certificates/certificate-store';
import { certificateStatus } from '../certificates/certificate-status';
import type { Context } from '../context';
import { AppError } from '../errors';
import { instruments } from '../metrics/instruments';

export interface MetricsText {
  /** text/plain; version=0.0.4 (the Prometheus text exposition format). */
  contentType: string;
  body: string;
}

/** Who asks: the raw Authorization header (a scraper's METRICS_TOKEN) and the actor route() resolved. */
export interface MetricsCaller {
  authorization: string | null;
  actor: Actor;
}

/** Statuses always exported, at 0 when none: an alert on a missing series would never fire. */
const REQUEST_STATUSES = ['pending', 'opened', 'signed', 'declined', 'expired', 'cancelled'] as const;
const CERTIFICATE_KINDS = ['signing', 'tsa', 'root'] as const;

/**
 * GET /metrics: the process's counters plus the installation's state read from the database at
 * scrape time (request states, outbox backlog and failures, certificate days left, ledger size).
 * A scraper sends `Authorization: Bearer <METRICS_TOKEN>` (RFC 6750 §2.1); an administrator's
 * session or API key works too. Anyone else gets 401 (403 for staff without the admin role).
 */
export async function readMetrics(ctx: Context, caller: MetricsCaller): Promise<MetricsText> {
  authorizeScrape(ctx.config.metricsToken, caller);
  const m = instruments();
  const now = ctx.clock.now();

  const r = schema.signingRequests;
  const requestRows = await ctx.db.select({ status: r.status, n: count() }).from(r).groupBy(r.status);
  m.requests.reset();
  for (const status of REQUEST_STATUSES) m.requests.set({ status }, 0);
  for (const row of requestRows) m.requests.set({ status: row.status }, Number(row.n));

  const o = schema.outbox;
  const outboxRows = await ctx.db.select({ channel: o.channel, status: o.status, n: count() }).from(o).groupBy(o.channel, o.status);
  m.outboxMessages.reset();
  for (const channel of ['email', 'webhook']) for (const status of ['pending', 'failed']) m.outboxMessages.set({ channel, status }, 0);
  for (const row of outboxRows) m.outboxMessages.set({ channel: row.channel, status: row.status }, Number(row.n));
  const [oldest] = await ctx.db.select({ at: min(o.createdAt) }).from(o).where(eq(o.status, 'pending'));
  const oldestAt = oldest?.at ? new Date(oldest.at) : null;
  m.outboxOldestPending.set(oldestAt ? Math.max(0, (now.getTime() - oldestAt.getTime()) / 1000) : 0);

  m.certificateDaysLeft.reset();
  const active = (await allCertificates(ctx)).filter((c) => c.status === 'active');
  for (const kind of CERTIFICATE_KINDS) {
    const row = active.find((c) => c.role === kind);
    if (row) m.certificateDaysLeft.set({ kind }, certificateStatus(row, now, ctx.config.certReminderDays).daysLeft);
  }

  const [head] = await ctx.db.select({ size: schema.ledgerHead.treeSize }).from(schema.ledgerHead);
  m.ledgerEntries.set(head?.size ?? 0);

  return { contentType: m.registry.contentType, body: await m.registry.metrics() };
}

function authorizeScrape(token: string | null, caller: MetricsCaller): void {
  const presented = /^Bearer\s+(\S{1,400})\s*$/i.exec(caller.authorization ?? '')?.[1];
  if (token !== null && presented !== undefined && sameSecret(presented, token)) return;
  const roles = actorRoles(caller.actor);
  if (roles.includes('admin')) return;
  if (roles.length > 0) throw new AppError('FORBIDDEN', `expected the METRICS_TOKEN or an administrator; ${caller.actor.kind === 'staff' || caller.actor.kind === 'api_key' ? caller.actor.name : 'the caller'} has ${roles.join(', ')}`);
  const why = presented === undefined ? 'got no bearer token' : token === null ? 'got a bearer token, but METRICS_TOKEN is not set on this server' : 'got a token that is neither METRICS_TOKEN nor an administrator’s API key';
  throw new AppError('UNAUTHENTICATED', `expected "Authorization: Bearer <METRICS_TOKEN>" or an administrator's session; ${why}`);
}

/** Constant-time comparison of two secrets of any length (compares their SHA-256 digests). */
function sameSecret(a: string, b: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(a), digest(b));
}

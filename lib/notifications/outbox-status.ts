import { count } from 'drizzle-orm';
import { schema } from '@/db/client';
import type { Context } from '../context';

export interface OutboxStatus {
  pending: number;
  failed: number;
  /** MAIL_FROM when e-mail is configured; null means no e-mail is sent at all. */
  mailFrom: string | null;
}

/** The outbox backlog for the Admin page (and monitoring). */
export async function outboxStatus(ctx: Context): Promise<OutboxStatus> {
  const rows = await ctx.db.select({ status: schema.outbox.status, n: count() }).from(schema.outbox).groupBy(schema.outbox.status);
  const n = (s: string) => rows.find((r) => r.status === s)?.n ?? 0;
  return { pending: n('pending'), failed: n('failed'), mailFrom: ctx.config.mail?.from ?? null };
}


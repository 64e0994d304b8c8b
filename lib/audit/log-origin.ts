import { asc } from 'drizzle-orm';
import { schema, type Db } from '@/db/client';
import type { Context } from '../context';
import { ledgerOrigin, type Queryable } from './ledger-store';

// Per database handle: the origin never changes once the log has one.
const known = new WeakMap<Db, string>();

/**
 * The log's origin, which is also its key name (C2SP tlog-checkpoint: the origin line names the log).
 * It is fixed by the log's first checkpoint: a log keeps its name when ORIGIN changes later (a new
 * hostname, a restore onto another server), so checkpoints, the verifier key and every evidence
 * bundle keep agreeing with the checkpoints already published. Before the first checkpoint, the
 * configured ORIGIN's host plus "/ledger". Inside a transaction pass it as `reader` (the embedded
 * database runs one transaction at a time, so a read outside it would wait for it forever).
 */
export async function logOrigin(ctx: Pick<Context, 'config' | 'db'>, reader: Queryable = ctx.db): Promise<string> {
  const cached = known.get(ctx.db);
  if (cached) return cached;
  const [first] = await reader.select({ checkpoint: schema.ledgerCheckpoints.checkpoint }).from(schema.ledgerCheckpoints).orderBy(asc(schema.ledgerCheckpoints.treeSize)).limit(1);
  if (!first) return ledgerOrigin(ctx);
  const origin = first.checkpoint.split('\n', 1)[0] ?? ledgerOrigin(ctx);
  known.set(ctx.db, origin);
  return origin;
}

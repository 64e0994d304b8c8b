import { schema, type Db } from '@/db/client';
import type { Actor } from '../auth/actor';
import type { Context } from '../context';

export type Outcome = 'ok' | 'refused' | 'error';
export const OUTCOMES: readonly Outcome[] = ['ok', 'refused', 'error'];

export interface OperationTarget {
  type: string;
  id: string;
}

export interface OperationInput {
  action: string;
  actor: Actor;
  target?: OperationTarget | null;
  outcome: Outcome;
  errorCode?: string | null;
  ip?: string | null;
  userAgent?: string | null;
  requestId?: string | null;
  details?: Record<string, unknown> | null;
}

/** Longest stored header-derived text: a hostile client must not make one row huge. */
const MAX_TEXT = 512;

const clip = (v: string | null | undefined): string | null => (v == null ? null : v.length > MAX_TEXT ? `${v.slice(0, MAX_TEXT)}…` : v);

function actorColumns(actor: Actor): { actorKind: string; actorId: string | null; actorName: string | null } {
  switch (actor.kind) {
    case 'staff':
    case 'api_key':
      return { actorKind: actor.kind, actorId: actor.id, actorName: actor.name };
    case 'signer':
      return { actorKind: 'signer', actorId: actor.id, actorName: actor.name };
    case 'system':
      return { actorKind: 'system', actorId: null, actorName: actor.name };
    default:
      return { actorKind: 'anonymous', actorId: null, actorName: null };
  }
}

/**
 * Appends one entry to the operation log. Only ever INSERTs: the table is append-only
 * for the application and a trigger refuses anything else. Pass a transaction as `db` to make the
 * entry commit or roll back with the change it describes.
 */
export async function recordOperation(ctx: Pick<Context, 'db' | 'clock' | 'random'>, input: OperationInput, db: Db = ctx.db): Promise<{ id: string }> {
  const id = ctx.random.uuid();
  await db.insert(schema.operations).values({
    id,
    at: ctx.clock.now(),
    ...actorColumns(input.actor),
    action: input.action,
    targetType: clip(input.target?.type),
    targetId: clip(input.target?.id),
    outcome: input.outcome,
    errorCode: input.errorCode ?? null,
    ip: clip(input.ip),
    userAgent: clip(input.userAgent),
    requestId: clip(input.requestId),
    details: input.details ?? null,
  });
  return { id };
}

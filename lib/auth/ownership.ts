import { and, eq, exists, sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { schema, type Db } from '@/db/client';
import type { Context } from '../context';
import { AppError } from '../errors';
import { actorRoles, type Actor } from './actor';

/**
 * An uploader sees only the documents and requests they (or their API key) created,
 * unless an admin granted them "sees all". Admins and auditors see everything. Lib verbs called
 * without an actor (CLI, timers, tests) act as the system and see everything too.
 */
export type ResourceKind = 'document' | 'request' | 'batch';

/** Everything, or only what one owner (a staff user or an API key) created. */
export type Visibility = { all: true } | { all: false; ownerKind: 'staff' | 'api_key' | 'none'; ownerId: string };

const NOBODY: Visibility = { all: false, ownerKind: 'none', ownerId: '' };

/** Who may see what: decided once per call, from the actor's roles and (for staff) the seesAll grant. */
export async function visibilityFor(ctx: Context, actor: Actor | undefined): Promise<Visibility> {
  if (!actor || actor.kind === 'system') return { all: true };
  if (actor.kind !== 'staff' && actor.kind !== 'api_key') return NOBODY;
  const roles = actorRoles(actor);
  if (roles.includes('admin') || roles.includes('auditor')) return { all: true };
  if (actor.kind === 'staff') {
    // Read per call, not from the session: a grant or withdrawal applies at the next request.
    const [user] = await ctx.db.select({ seesAll: schema.staffUsers.seesAll }).from(schema.staffUsers).where(eq(schema.staffUsers.id, actor.id));
    if (user?.seesAll) return { all: true };
  }
  return { all: false, ownerKind: actor.kind, ownerId: actor.id };
}

/**
 * A WHERE condition limiting rows whose id column is `idColumn` to those the visibility allows;
 * undefined when everything is visible. Rows created before ownership existed have no owner row,
 * so only "see all" actors see them.
 */
export function visibleWhere(visibility: Visibility, kind: ResourceKind, idColumn: AnyPgColumn | SQL): SQL | undefined {
  if (visibility.all) return undefined;
  const o = schema.resourceOwners;
  return exists(
    sql`(select 1 from ${o} where ${o.resourceKind} = ${kind} and ${o.resourceId} = ${idColumn} and ${o.ownerKind} = ${visibility.ownerKind} and ${o.ownerId} = ${visibility.ownerId})`,
  );
}

/**
 * Throws NOT_FOUND, worded exactly as a missing id, when the actor may not see the resource: an
 * uploader must not learn that someone else's id exists.
 */
export async function assertVisible(ctx: Context, actor: Actor | undefined, kind: ResourceKind, id: string, notFoundMessage: string): Promise<void> {
  const visibility = await visibilityFor(ctx, actor);
  if (visibility.all) return;
  const o = schema.resourceOwners;
  const [row] = await ctx.db
    .select({ id: o.resourceId })
    .from(o)
    .where(and(eq(o.resourceKind, kind), eq(o.resourceId, id), eq(o.ownerKind, visibility.ownerKind), eq(o.ownerId, visibility.ownerId)));
  if (!row) throw new AppError('NOT_FOUND', notFoundMessage);
}

/**
 * Records who created a resource; call inside the transaction that creates it, so a resource never
 * exists without its owner. No-op for the system (CLI, tests): owner null means "system".
 */
export async function recordOwner(tx: Db, actor: Actor | undefined, kind: ResourceKind, id: string, at: Date): Promise<void> {
  if (!actor || (actor.kind !== 'staff' && actor.kind !== 'api_key')) return;
  await tx.insert(schema.resourceOwners).values({ resourceKind: kind, resourceId: id, ownerKind: actor.kind, ownerId: actor.id, createdAt: at });
}

import { eq } from 'drizzle-orm';
import { schema } from '@/db/client';
import type { Context } from '../context';
import { AppError } from '../errors';
import type { Actor, Role } from './actor';
import { listPasskeys, type PasskeyView } from './passkeys';
import { listSessions, type SessionView } from './sessions';

export interface AccountView {
  kind: 'staff' | 'api_key';
  id: string;
  name: string;
  roles: readonly Role[];
  seesAll: boolean;
  passkeys: PasskeyView[];
  sessions: SessionView[];
}

/** The staff account id of a session actor; API keys have no account (FORBIDDEN). */
export function staffId(actor: Actor): string {
  if (actor.kind !== 'staff') throw new AppError('FORBIDDEN', 'expected a signed-in staff member; API keys have no passkeys or sessions');
  return actor.id;
}

/** Who the caller is, with their passkeys and live sessions (staff) or just their roles (API key). */
export async function getAccount(ctx: Context, actor: Actor): Promise<AccountView> {
  if (actor.kind === 'api_key') return { kind: 'api_key', id: actor.id, name: actor.name, roles: actor.roles, seesAll: false, passkeys: [], sessions: [] };
  const id = staffId(actor);
  const [user] = await ctx.db.select().from(schema.staffUsers).where(eq(schema.staffUsers.id, id));
  return {
    kind: 'staff',
    id,
    name: actor.kind === 'staff' ? actor.name : '',
    roles: actorRolesOf(actor),
    seesAll: user?.seesAll ?? false,
    passkeys: await listPasskeys(ctx, id),
    sessions: await listSessions(ctx, id, actor.kind === 'staff' ? actor.sessionId : null),
  };
}

function actorRolesOf(actor: Actor): readonly Role[] {
  return actor.kind === 'staff' ? actor.roles : [];
}

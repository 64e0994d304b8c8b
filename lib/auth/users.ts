import { asc, eq } from 'drizzle-orm';
import { schema } from '@/db/client';
import type { Context } from '../context';
import { AppError } from '../errors';
import type { Role } from './actor';
import { parseRoles, storedRoles } from './roles';

export interface StaffUserView {
  id: string;
  name: string;
  roles: Role[];
  seesAll: boolean;
  createdAt: string;
  disabled: boolean;
  passkeys: number;
}

export async function listStaffUsers(ctx: Context): Promise<StaffUserView[]> {
  const users = await ctx.db.select().from(schema.staffUsers).orderBy(asc(schema.staffUsers.createdAt));
  const keys = await ctx.db.select({ userId: schema.staffPasskeys.userId }).from(schema.staffPasskeys);
  return users.map((u) => ({
    id: u.id,
    name: u.name,
    roles: storedRoles(u.roles),
    seesAll: u.seesAll,
    createdAt: u.createdAt.toISOString(),
    disabled: u.disabledAt !== null,
    passkeys: keys.filter((k) => k.userId === u.id).length,
  }));
}

export interface UpdateStaffUser {
  roles?: readonly string[];
  seesAll?: boolean;
  disabled?: boolean;
}

/**
 * Changes a staff member's roles, the "sees all uploads" grant, or removes (disables) the account.
 * Never leaves the organisation without an active admin (LAST_ADMIN): the admins are locked and
 * counted in the same transaction as the change. Disabling also ends the account's sessions.
 */
export async function updateStaffUser(ctx: Context, userId: string, change: UpdateStaffUser): Promise<StaffUserView> {
  const roles = change.roles ? parseRoles(change.roles) : undefined;
  const now = ctx.clock.now();
  await ctx.db.transaction(async (tx) => {
    const all = await tx.select().from(schema.staffUsers).for('update');
    const user = all.find((u) => u.id === userId);
    if (!user) throw new AppError('NOT_FOUND', `expected a staff account id, got "${userId.slice(0, 40)}"`);
    const nextRoles = roles ?? storedRoles(user.roles);
    const nextDisabled = change.disabled ?? user.disabledAt !== null;
    const activeAdmins = all.filter((u) => u.disabledAt === null && storedRoles(u.roles).includes('admin'));
    const staysAdmin = !nextDisabled && nextRoles.includes('admin');
    if (!staysAdmin && activeAdmins.length === 1 && activeAdmins[0]!.id === userId) {
      throw new AppError('LAST_ADMIN', `expected at least one active admin to remain; ${user.name} is the only one`);
    }
    await tx
      .update(schema.staffUsers)
      .set({ roles: nextRoles, seesAll: change.seesAll ?? user.seesAll, disabledAt: nextDisabled ? (user.disabledAt ?? now) : null })
      .where(eq(schema.staffUsers.id, userId));
    if (nextDisabled) await tx.update(schema.staffSessions).set({ revokedAt: now }).where(eq(schema.staffSessions.userId, userId));
  });
  const view = (await listStaffUsers(ctx)).find((u) => u.id === userId);
  if (!view) throw new AppError('INTERNAL', `expected staff account ${userId} after updating it`);
  return view;
}

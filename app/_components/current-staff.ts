// tsyringe (under @simplewebauthn/server) needs the Reflect polyfill before it loads; the root layout reaches it first.
import 'reflect-metadata';
import { cookies } from 'next/headers';
import { cache } from 'react';
import { redirect } from 'next/navigation';
import { actorRoles, type Actor, type Role } from '@/lib/auth/actor';
import { cookieNames } from '@/lib/auth/session-cookie-names';
import { getPreferences, type StaffPreferences } from '@/lib/auth/preferences';
import { resolveSession } from '@/lib/auth/sessions';
import { appContext } from '@/lib/context';
import { isAppError } from '@/lib/errors';

/**
 * The one next/* adapter for staff sessions: server components read the session cookie here. Route
 * handlers never use it (they read the Cookie header in lib/auth/authorize.ts).
 */
export type StaffActor = Extract<Actor, { kind: 'staff' }>;

/** The signed-in staff member, or null (no cookie, or an ended session). Once per request. */
export const currentStaff = cache(async function currentStaff(): Promise<StaffActor | null> {
  const ctx = await appContext();
  const token = (await cookies()).get(cookieNames(ctx.config).session)?.value;
  if (!token) return null;
  try {
    return await resolveSession(ctx, token);
  } catch (e) {
    if (isAppError(e)) return null;
    throw e;
  }
});

/**
 * For staff pages: the signed-in member, or a redirect to sign-in. With roles, a member who holds
 * none of them (admin holds all) is sent to a page they may see instead.
 */
export async function requireStaff(roles?: readonly Role[]): Promise<StaffActor> {
  const staff = await currentStaff();
  if (!staff) redirect('/sign-in');
  if (roles && !hasRole(staff, roles)) redirect('/account?denied=1');
  return staff;
}

export function hasRole(actor: Actor, roles: readonly Role[]): boolean {
  const mine = actorRoles(actor);
  return mine.includes('admin') || roles.some((r) => mine.includes(r));
}

/** The signed-in member's language and time zone settings (null each when not set or signed out). */
export const currentPreferences = cache(async function currentPreferences(): Promise<StaffPreferences> {
  const staff = await currentStaff();
  return staff ? getPreferences(await appContext(), staff.id) : { locale: null, timeZone: null };
});

import { AppError } from '../errors';
import { ROLES, type Role } from './actor';

/** Checks a list of role names from input or the database; UNKNOWN_ROLE names the first bad one. */
export function parseRoles(input: readonly string[]): Role[] {
  const roles = [...new Set(input)];
  const bad = roles.find((r) => !(ROLES as readonly string[]).includes(r));
  if (bad !== undefined) throw new AppError('UNKNOWN_ROLE', `expected roles among ${ROLES.join(', ')}, got "${bad.slice(0, 40)}"`);
  if (roles.length === 0) throw new AppError('UNKNOWN_ROLE', `expected at least one role among ${ROLES.join(', ')}, got none`);
  return roles as Role[];
}

/** Roles as stored, filtered to known ones (a role removed from the code grants nothing). */
export function storedRoles(stored: readonly string[]): Role[] {
  return stored.filter((r): r is Role => (ROLES as readonly string[]).includes(r));
}

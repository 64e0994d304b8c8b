/**
 * Who is acting. Shared by authorization (lib/auth) and the operation log (lib/oplog): every route
 * resolves one Actor per request, checks its roles, and records it with the outcome.
 */
export const ROLES = ['admin', 'uploader', 'auditor'] as const;
export type Role = (typeof ROLES)[number];

export type Actor =
  /** A staff member signed in with a passkey (cookie session). */
  | { kind: 'staff'; id: string; name: string; roles: readonly Role[]; sessionId: string }
  /** An API key sent as `Authorization: Bearer …`. */
  | { kind: 'api_key'; id: string; name: string; roles: readonly Role[] }
  /** A signer on the phone, authorized by the request token alone. */
  | { kind: 'signer'; id: string | null; name: string | null }
  /** The server itself (timers, reminders, migrations, CLI). */
  | { kind: 'system'; name: string }
  /** Nobody has been identified. */
  | { kind: 'anonymous' };

export const ANONYMOUS: Actor = { kind: 'anonymous' };

export function actorRoles(actor: Actor): readonly Role[] {
  return actor.kind === 'staff' || actor.kind === 'api_key' ? actor.roles : [];
}

import { writeFile } from 'node:fs/promises';
import { and, count, desc, eq, isNull } from 'drizzle-orm';
import { schema } from '@/db/client';
import type { Context } from '../context';
import { AppError } from '../errors';
import { normaliseEmail } from '../notifications/notify-address';
import { notifyStaffInvite } from '../notifications/staff-notices';
import type { Role } from './actor';
import { parseRoles } from './roles';
import { SECRET_PREFIX, hashSecret, newSecret } from './secrets';

/** The first-start / recovery setup link is valid one hour. */
export const SETUP_TTL_MS = 3_600_000;

export type InviteRow = typeof schema.staffInvites.$inferSelect;

export interface CreatedInvite {
  id: string;
  /** The one-time enrolment URL; shown once, only its token's hash is stored. */
  url: string;
  name: string;
  roles: Role[];
  expiresAt: string;
  /** Where the link was e-mailed (queued in the outbox); null without an address or without SMTP_URL. */
  emailedTo: string | null;
}

/** The enrolment page for a link token. The token travels in the fragment-free path. */
export function enrolUrl(origin: string, token: string): string {
  return `${origin}/enrol/${token}`;
}

/**
 * Creates a one-time enrolment link. `setup` links (first admin, lost passkey) come from the server
 * log or `npm run admin:invite` and live one hour; `invite` links come from an admin and live
 * INVITE_TTL_HOURS.
 */
export async function createInvite(
  ctx: Context,
  input: { kind: 'setup' | 'invite'; name: string; roles: readonly string[]; createdBy?: string | null; email?: string | null },
): Promise<CreatedInvite> {
  const roles = parseRoles(input.roles);
  const name = input.name.trim();
  if (name === '' || name.length > 120) throw new AppError('VALIDATION_FAILED', `expected a name of 1 to 120 characters, got ${name.length} characters`);
  const email = input.email?.trim() ? normaliseEmail(input.email) : null;
  const token = newSecret(ctx.random, SECRET_PREFIX.invite);
  const now = ctx.clock.now();
  const ttl = input.kind === 'setup' ? SETUP_TTL_MS : ctx.config.auth.inviteTtlHours * 3_600_000;
  const id = ctx.random.uuid();
  const expiresAt = new Date(now.getTime() + ttl);
  const url = enrolUrl(ctx.config.origin, token);
  const emailed = await ctx.db.transaction(async (tx) => {
    await tx.insert(schema.staffInvites).values({ id, tokenHash: hashSecret(token), kind: input.kind, name, roles, createdBy: input.createdBy ?? null, createdAt: now, expiresAt });
    return email ? notifyStaffInvite(tx, ctx, { to: email, name, inviteUrl: url, expiresAt, invitedBy: input.createdBy ?? null }) : false;
  });
  return { id, url, name, roles, expiresAt: expiresAt.toISOString(), emailedTo: emailed ? email : null };
}

/** The invite behind a link token, if it can still be used; INVITE_UNKNOWN / INVITE_USED / INVITE_EXPIRED otherwise. */
export async function findUsableInvite(ctx: Context, token: string): Promise<InviteRow> {
  const [row] = await ctx.db.select().from(schema.staffInvites).where(eq(schema.staffInvites.tokenHash, hashSecret(token)));
  if (!row || row.revokedAt) throw new AppError('INVITE_UNKNOWN', 'expected a setup or invite link this server issued; this one is unknown or was withdrawn');
  if (row.usedAt) throw new AppError('INVITE_USED', `expected an unused link; this one was used at ${row.usedAt.toISOString()}`);
  if (row.expiresAt.getTime() <= ctx.clock.now().getTime()) {
    throw new AppError('INVITE_EXPIRED', `expected a link that is still valid; this one expired at ${row.expiresAt.toISOString()}`);
  }
  return row;
}

/** How many staff accounts exist (disabled ones included: a removed admin does not re-open setup). */
export async function staffCount(ctx: Context): Promise<number> {
  const [row] = await ctx.db.select({ n: count() }).from(schema.staffUsers);
  return row?.n ?? 0;
}

/**
 * On first start (no staff yet) issues a setup link for the first admin, prints it to the server
 * log and, when SETUP_URL_FILE is set, writes it there (mode 0600). Returns the URL, or null when
 * staff already exist.
 */
export async function announceSetupLink(ctx: Context, log: (line: string) => void = console.log): Promise<string | null> {
  if ((await staffCount(ctx)) > 0) return null;
  const invite = await createInvite(ctx, { kind: 'setup', name: 'Administrator', roles: ['admin'] });
  log(`[signet] no staff accounts yet: open this one-time setup link within 1 hour to register the first admin passkey:\n[signet]   ${invite.url}`);
  if (ctx.config.auth.setupUrlFile) await writeFile(ctx.config.auth.setupUrlFile, `${invite.url}\n`, { mode: 0o600 });
  return invite.url;
}

export interface InviteView {
  id: string;
  kind: string;
  name: string;
  roles: string[];
  createdAt: string;
  expiresAt: string;
  status: 'open' | 'used' | 'expired' | 'withdrawn';
}

export async function listInvites(ctx: Context): Promise<InviteView[]> {
  const now = ctx.clock.now().getTime();
  const rows = await ctx.db.select().from(schema.staffInvites).orderBy(desc(schema.staffInvites.createdAt)).limit(100);
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    name: r.name,
    roles: r.roles,
    createdAt: r.createdAt.toISOString(),
    expiresAt: r.expiresAt.toISOString(),
    status: r.revokedAt ? 'withdrawn' : r.usedAt ? 'used' : r.expiresAt.getTime() <= now ? 'expired' : 'open',
  }));
}

/** Withdraws an unused invite (idempotent for used/withdrawn ones). */
export async function withdrawInvite(ctx: Context, id: string): Promise<void> {
  const [row] = await ctx.db.select({ id: schema.staffInvites.id }).from(schema.staffInvites).where(eq(schema.staffInvites.id, id));
  if (!row) throw new AppError('NOT_FOUND', `expected an invite id, got "${id.slice(0, 40)}"`);
  await ctx.db.update(schema.staffInvites).set({ revokedAt: ctx.clock.now() }).where(and(eq(schema.staffInvites.id, id), isNull(schema.staffInvites.usedAt)));
}

/** What an enrolment page shows about a usable link (who it is for, until when). */
export async function describeInvite(ctx: Context, token: string): Promise<{ kind: string; name: string; roles: string[]; expiresAt: string }> {
  const invite = await findUsableInvite(ctx, token);
  return { kind: invite.kind, name: invite.name, roles: invite.roles, expiresAt: invite.expiresAt.toISOString() };
}

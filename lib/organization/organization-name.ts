import { eq } from 'drizzle-orm';
import { schema, type Db } from '@/db/client';
import type { Actor } from '../auth/actor';
import type { Context } from '../context';
import { AppError } from '../errors';

const ROW = 'default';

export interface OrganizationView {
  /** The name in use: the administrator's setting, else ORGANIZATION_NAME, else the default. */
  name: string;
  /** 'setting' when an administrator set it here, 'environment' otherwise. */
  source: 'setting' | 'environment';
  updatedAt: Date | null;
}

/** The organisation as it stands now (one primary-key read); pass `db` inside a transaction. */
export async function getOrganization(ctx: Context, db: Db = ctx.db): Promise<OrganizationView> {
  const [row] = await db.select().from(schema.organizationSettings).where(eq(schema.organizationSettings.id, ROW));
  if (!row) return { name: ctx.config.organizationName, source: 'environment', updatedAt: null };
  return { name: row.name, source: 'setting', updatedAt: row.updatedAt };
}

/** The name for the subject of the next certificate issued, the CSR, and headers. */
export async function organizationName(ctx: Context, db: Db = ctx.db): Promise<string> {
  return (await getOrganization(ctx, db)).name;
}

/**
 * The name passkey prompts show (WebAuthn §5.4.1 `rp.name`, display only): RP_NAME when the operator
 * set it, else the organisation's name, so signers see who asks them to sign.
 */
export async function relyingPartyName(ctx: Context): Promise<string> {
  if (ctx.config.rpName !== null) return ctx.config.rpName;
  return organizationName(ctx);
}

/**
 * An administrator renames the organisation. Only certificates issued from now on carry the new name
 * (renewal, CSR); the active one keeps its subject, since that subject is part of what it signed.
 * The name is 1–64 characters (an X.509 CN's upper bound, RFC 5280 Appendix A `ub-common-name`)
 * without control or format characters, which a certificate subject and a passkey prompt show raw.
 */
export async function updateOrganization(ctx: Context, actor: Actor, change: { name: string }): Promise<OrganizationView> {
  const name = change.name.trim();
  if (name.length < 1 || name.length > 64) throw new AppError('VALIDATION_FAILED', `name: expected 1 to 64 characters, got ${name.length}`);
  if (/[\p{Cc}\p{Cf}]/u.test(name)) throw new AppError('VALIDATION_FAILED', 'name: expected no control or format characters');
  const values = { name, updatedAt: ctx.clock.now(), updatedBy: actor.kind === 'staff' ? actor.id : null };
  await ctx.db
    .insert(schema.organizationSettings)
    .values({ id: ROW, ...values })
    .onConflictDoUpdate({ target: schema.organizationSettings.id, set: values });
  return getOrganization(ctx);
}

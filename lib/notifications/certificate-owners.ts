import { asc, eq } from 'drizzle-orm';
import { schema } from '@/db/client';
import type { Context } from '../context';
import { AppError } from '../errors';
import { normaliseEmail } from './notify-address';

export interface CertificateOwner {
  email: string;
  name: string;
  createdAt: string;
}

/** The people responsible for the organisation certificate; reminders are e-mailed to each. */
export async function listCertificateOwners(ctx: Context): Promise<CertificateOwner[]> {
  const rows = await ctx.db.select().from(schema.certificateOwners).orderBy(asc(schema.certificateOwners.createdAt));
  return rows.map((r) => ({ email: r.email, name: r.name, createdAt: r.createdAt.toISOString() }));
}

/** Adds (or renames) a responsible person by e-mail address; EMAIL_INVALID for anything but one plain address. */
export async function addCertificateOwner(ctx: Context, input: { email: string; name: string }): Promise<CertificateOwner> {
  const email = normaliseEmail(input.email);
  const name = input.name.replace(/[\r\n\u0000-\u001f]+/g, ' ').trim().slice(0, 120);
  if (!name) throw new AppError('VALIDATION_FAILED', 'expected the responsible person\'s name');
  const now = ctx.clock.now();
  const [row] = await ctx.db
    .insert(schema.certificateOwners)
    .values({ email, name, createdAt: now })
    .onConflictDoUpdate({ target: schema.certificateOwners.email, set: { name } })
    .returning();
  return { email: row!.email, name: row!.name, createdAt: row!.createdAt.toISOString() };
}

export async function removeCertificateOwner(ctx: Context, email: string): Promise<{ removed: true }> {
  const rows = await ctx.db.delete(schema.certificateOwners).where(eq(schema.certificateOwners.email, email.trim().toLowerCase())).returning();
  if (rows.length === 0) throw new AppError('NOT_FOUND', `expected a responsible person's e-mail address, got "${email.slice(0, 100)}"`);
  return { removed: true };
}

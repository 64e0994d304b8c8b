import { desc, eq } from 'drizzle-orm';
import { schema } from '@/db/client';
import type { Context } from '../context';
import { AppError } from '../errors';
import type { Actor, Role } from './actor';
import { parseRoles, storedRoles } from './roles';
import { SECRET_PREFIX, hashSecret, newSecret } from './secrets';

export interface ApiKeyView {
  id: string;
  name: string;
  prefix: string;
  roles: Role[];
  createdAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
  lastUsedAt: string | null;
  status: 'active' | 'expired' | 'revoked';
}

type ApiKeyRow = typeof schema.apiKeys.$inferSelect;

function view(k: ApiKeyRow, now: Date): ApiKeyView {
  return {
    status: k.revokedAt ? 'revoked' : k.expiresAt && k.expiresAt.getTime() <= now.getTime() ? 'expired' : 'active',
    id: k.id,
    name: k.name,
    prefix: k.prefix,
    roles: storedRoles(k.roles),
    createdAt: k.createdAt.toISOString(),
    expiresAt: k.expiresAt?.toISOString() ?? null,
    revokedAt: k.revokedAt?.toISOString() ?? null,
    lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
  };
}

/** Creates an API key; the key itself is returned once and only its SHA-256 is stored. */
export async function createApiKey(
  ctx: Context,
  input: { name: string; roles: readonly string[]; expiresAt?: Date | null; createdBy?: string | null },
): Promise<ApiKeyView & { key: string }> {
  const roles = parseRoles(input.roles);
  const name = input.name.trim();
  if (name === '' || name.length > 120) throw new AppError('VALIDATION_FAILED', `expected a key name of 1 to 120 characters, got ${name.length} characters`);
  const now = ctx.clock.now();
  if (input.expiresAt && input.expiresAt.getTime() <= now.getTime()) {
    throw new AppError('VALIDATION_FAILED', `expected an expiry in the future, got ${input.expiresAt.toISOString()}`);
  }
  const key = newSecret(ctx.random, SECRET_PREFIX.apiKey);
  const [row] = await ctx.db
    .insert(schema.apiKeys)
    .values({ id: ctx.random.uuid(), name, tokenHash: hashSecret(key), prefix: key.slice(0, 10), roles, createdBy: input.createdBy ?? null, createdAt: now, expiresAt: input.expiresAt ?? null })
    .returning();
  return { ...view(row!, now), key };
}

export async function listApiKeys(ctx: Context): Promise<ApiKeyView[]> {
  return (await ctx.db.select().from(schema.apiKeys).orderBy(desc(schema.apiKeys.createdAt))).map((k) => view(k, ctx.clock.now()));
}

/** Revokes a key at once (idempotent: the first revocation time is kept). */
export async function revokeApiKey(ctx: Context, id: string): Promise<ApiKeyView> {
  const [row] = await ctx.db.select().from(schema.apiKeys).where(eq(schema.apiKeys.id, id));
  if (!row) throw new AppError('NOT_FOUND', `expected an API key id, got "${id.slice(0, 40)}"`);
  if (row.revokedAt) return view(row, ctx.clock.now());
  const [updated] = await ctx.db.update(schema.apiKeys).set({ revokedAt: ctx.clock.now() }).where(eq(schema.apiKeys.id, id)).returning();
  return view(updated!, ctx.clock.now());
}

/** The actor behind `Authorization: Bearer <key>`; API_KEY_INVALID when unknown, revoked or expired. */
export async function resolveApiKey(ctx: Context, key: string): Promise<Extract<Actor, { kind: 'api_key' }>> {
  const [row] = await ctx.db.select().from(schema.apiKeys).where(eq(schema.apiKeys.tokenHash, hashSecret(key)));
  if (!row) throw new AppError('API_KEY_INVALID', `expected an API key this server issued, got one starting "${key.slice(0, 6)}"`);
  const now = ctx.clock.now();
  if (row.revokedAt) throw new AppError('API_KEY_INVALID', `expected an active API key; "${row.name}" was revoked at ${row.revokedAt.toISOString()}`);
  if (row.expiresAt && row.expiresAt.getTime() <= now.getTime()) {
    throw new AppError('API_KEY_INVALID', `expected an unexpired API key; "${row.name}" expired at ${row.expiresAt.toISOString()}`);
  }
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() >= 60_000) {
    await ctx.db.update(schema.apiKeys).set({ lastUsedAt: now }).where(eq(schema.apiKeys.id, row.id));
  }
  return { kind: 'api_key', id: row.id, name: row.name, roles: storedRoles(row.roles) };
}

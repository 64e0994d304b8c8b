import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { createHash, randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { getTableName, is, sql } from 'drizzle-orm';
import { PgTable } from 'drizzle-orm/pg-core';
import { openDatabase, schema, type Database } from '@/db/client';
import { fixedClock } from '@/lib/clock';
import { createContext, type Context } from '@/lib/context';
import { parseConfig } from '@/lib/env';
import { uploadDocument, type DocumentView } from '@/lib/documents/upload-document';
import { createSigningRequest, type CreatedSigningRequest } from '@/lib/signing/create-signing-request';

export const TEST_ORIGIN = 'http://localhost:3999';
export const TEST_RP_ID = 'localhost';

export interface TestContextOptions {
  /**
   * Run on a fresh PostgreSQL database of its own (created on the server TEST_DATABASE_URL points
   * at, dropped by dispose()) instead of in-memory PGlite. Ignored when TEST_DATABASE_URL is unset.
   */
  postgres?: boolean;
  /** Database-level defaults (ALTER DATABASE ... SET name = value) for that PostgreSQL database. */
  databaseSettings?: Record<string, string>;
}

export type TestContext = Context & {
  clock: ReturnType<typeof fixedClock>;
  /** postgres:// URL of this context's own database; undefined on PGlite. */
  databaseUrl: string | undefined;
  /**
   * Another app instance on the same database: its own openDatabase() handle (own pool, own LISTEN
   * connection) with the same configuration, data directory (blob store) and clock. PostgreSQL only;
   * dispose() closes it.
   */
  openInstance(): Promise<Context>;
  dispose(): Promise<void>;
};

/** The PostgreSQL server the tests may use, from TEST_DATABASE_URL; undefined means PGlite only. */
export function testDatabaseUrl(): string | undefined {
  const url = process.env.TEST_DATABASE_URL?.trim();
  return url ? url : undefined;
}

export interface TempDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

/**
 * Creates an empty, uniquely named database on the TEST_DATABASE_URL server (no migrations
 * applied), optionally with database-level setting defaults; drop() removes it, disconnecting
 * whoever is still connected.
 */
export async function createTempDatabase(settings: Record<string, string> = {}): Promise<TempDatabase> {
  const adminUrl = testDatabaseUrl();
  if (!adminUrl) throw new Error('createTempDatabase needs TEST_DATABASE_URL (run the tests through `node scripts/pg-temp.mjs -- vitest run`)');
  const name = `signet_t_${process.pid}_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  await withAdmin(adminUrl, async (sql) => {
    await sql.unsafe(`CREATE DATABASE "${name}"`);
    try {
      for (const [setting, value] of Object.entries(settings)) {
        if (!/^[A-Za-z_][A-Za-z0-9_.]*$/.test(setting)) throw new Error(`createTempDatabase: "${setting}" is not a setting name`);
        await sql.unsafe(`ALTER DATABASE "${name}" SET ${setting} = '${value.replace(/'/g, "''")}'`);
      }
    } catch (e) {
      await sql.unsafe(`DROP DATABASE IF EXISTS "${name}"`);
      throw e;
    }
  });
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  let dropped = false;
  return {
    url: url.toString(),
    name,
    async drop() {
      if (dropped) return;
      dropped = true;
      await withAdmin(adminUrl, async (sql) => {
        await sql`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = ${name} AND pid <> pg_backend_pid()`;
        await sql.unsafe(`DROP DATABASE IF EXISTS "${name}"`);
      });
    },
  };
}

async function withAdmin<T>(adminUrl: string, fn: (sql: postgres.Sql) => Promise<T>): Promise<T> {
  const sql = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    return await fn(sql);
  } finally {
    await sql.end({ timeout: 5 });
  }
}

let template: Promise<Blob> | undefined;

/**
 * A freshly migrated PGlite, dumped once per test worker: starting each test's database from the
 * dump is several times faster than PGlite's initdb, and it is the same real database.
 */
function migratedPgliteTemplate(): Promise<Blob> {
  template ??= (async () => {
    const db = await openDatabase({});
    try {
      return await db.dumpPglite!();
    } finally {
      await db.close();
    }
  })();
  return template;
}

/**
 * A real context on an in-memory PGlite and a temporary data directory; with { postgres: true } and
 * TEST_DATABASE_URL set, on a fresh PostgreSQL database instead.
 */
export async function createTestContext(env: Record<string, string> = {}, options: TestContextOptions = {}): Promise<TestContext> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'signet-test-'));
  let temp: TempDatabase | undefined;
  const opened: Database[] = [];
  const cleanup = async () => {
    try {
      for (const d of opened.splice(0).reverse()) await d.close();
      await temp?.drop();
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  };
  try {
    if (options.postgres && testDatabaseUrl()) temp = await createTempDatabase(options.databaseSettings);
    const url = temp?.url;
    const config = parseConfig({
      ORIGIN: TEST_ORIGIN,
      RP_ID: TEST_RP_ID,
      DATA_DIR: dataDir,
      UPLOAD_MAX_BYTES: '1MiB',
      ...env,
      ...(url ? { DATABASE_URL: url } : {}),
    });
    const database = url ? await openDatabase({ url }) : await openDatabase({ pgliteTemplate: await migratedPgliteTemplate() });
    opened.push(database);
    const clock = fixedClock('2026-03-01T12:00:00.000Z');
    const ctx = await createContext({ config, database, clock });
    return {
      ...ctx,
      clock,
      databaseUrl: url,
      async openInstance() {
        if (!url) throw new Error('openInstance needs a PostgreSQL test context: createTestContext(env, { postgres: true }) with TEST_DATABASE_URL set');
        const other = await openDatabase({ url });
        opened.push(other);
        return createContext({ config, database: other, clock });
      },
      dispose: cleanup,
    };
  } catch (e) {
    await cleanup();
    throw e;
  }
}

export function sha256hex(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Uploads bytes; with no mediaType the type is what the bytes are (sniffed), as for a generic client. */
export async function upload(ctx: Context, bytes: Uint8Array | string, name = 'contract.pdf', mediaType?: string): Promise<DocumentView> {
  const buf = Buffer.from(bytes);
  return uploadDocument(ctx, { body: Readable.from([buf]), fileName: name, mediaType, claimedSha256: sha256hex(buf), declaredLength: buf.length });
}

export async function uploadAndRequest(ctx: Context, bytes: Uint8Array | string = '%PDF-1.4 test document'): Promise<CreatedSigningRequest & { document: DocumentView }> {
  const document = await upload(ctx, bytes);
  const created = await createSigningRequest(ctx, { documentId: document.id, title: 'Service agreement', documentType: 'contract', signerName: 'Ada Lovelace', signerEmail: `ada+${document.id}@example.com` });
  return { ...created, document };
}

/**
 * Tables a test may empty between cases. The operation log is append-only (its trigger refuses
 * TRUNCATE), so it is never in this list: tests that look at it filter by their own target or time.
 */
export function resettableTables(): PgTable[] {
  return Object.values(schema as Record<string, unknown>).filter((t): t is PgTable => is(t, PgTable) && t !== schema.operations);
}

/** Empties every table but the operation log. */
export async function resetTables(ctx: Context): Promise<void> {
  await ctx.db.execute(sql.raw(`TRUNCATE ${resettableTables().map((t) => `"${getTableName(t)}"`).join(', ')} CASCADE`));
}

import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import { acquireDataDirLock, isDataDirOwned, type DataDirLock } from './embedded/data-dir-lock';
import { checkSocket } from './embedded/socket-client';
import { serveOverSocket, socketPath } from './embedded/socket-server';
import { PostgresListener } from './postgres-listener';
import * as schema from './schema';

export { schema };

/** The drizzle handle both drivers share: same schema, same query builder, same transactions. */
export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

export interface Database {
  db: Db;
  /** What stores the data: the embedded PGlite, or a PostgreSQL server. */
  kind: 'pglite' | 'postgres';
  /** How this process reaches it: in-process (it owns the embedded files), a URL, or the owner's socket. */
  via: 'in-process' | 'url' | 'socket';
  /** NOTIFY on a channel; delivered to every instance LISTENing on the same database. */
  notify(channel: string, payload: string): Promise<void>;
  /**
   * LISTEN on a channel; resolves to an unsubscribe function. On PostgreSQL the LISTEN connection
   * heals itself after the server restarts or the connection drops; notifications sent while it was
   * down are lost, so onReconnect is called once it listens again (re-read whatever you watch).
   */
  listen(channel: string, onPayload: (payload: string) => void, onReconnect?: () => void): Promise<() => Promise<void>>;
  /** SELECT 1, for health checks. */
  ping(): Promise<void>;
  /** PGlite only: a dump of the whole data directory (tests start new databases from it). */
  dumpPglite?: () => Promise<Blob>;
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /** postgres:// URL; when absent the embedded PGlite is used. */
  url?: string;
  /** DATA_DIR of the embedded database (PGlite files in its pglite/); absent means in-memory (tests). */
  dataDir?: string;
  /**
   * Who opens an embedded DATA_DIR. "server" must own it: it takes the lock (DataDirInUseError when
   * another process holds it) and serves the database on DATA_DIR/run/.s.PGSQL.5432. Anything else (a
   * CLI's name) connects to the owner's socket when a live owner holds the lock, and otherwise takes
   * the lock itself for as long as it runs. Default "cli".
   */
  role?: string;
  /** In-memory PGlite only: start from this dump (PGlite.dumpDataDir) instead of a fresh initdb. */
  pgliteTemplate?: Blob;
  migrationsFolder?: string;
  /** PostgreSQL: how often (ms) the LISTEN connection proves it still hears NOTIFY. Default 5000. */
  listenCheckMs?: number;
}

const DEFAULT_MIGRATIONS = path.join(process.cwd(), 'db', 'migrations');
/** Arbitrary constant shared by every instance so only one applies migrations at a time. */
const MIGRATION_LOCK_KEY = 7_245_001;

/** Opens the database and applies the committed drizzle-kit migrations before returning it. */
export async function openDatabase(options: OpenDatabaseOptions = {}): Promise<Database> {
  const migrationsFolder = options.migrationsFolder ?? DEFAULT_MIGRATIONS;
  const listenCheckMs = options.listenCheckMs ?? 5_000;
  if (options.url) return openPostgres(options.url, migrationsFolder, listenCheckMs);
  if (!options.dataDir) return openPglite(undefined, migrationsFolder, options.pgliteTemplate);
  const dataDir = options.dataDir;
  const role = options.role ?? 'cli';
  await mkdir(dataDir, { recursive: true });
  if (role !== 'server' && (await isDataDirOwned(dataDir))) return openOwnersSocket(dataDir, listenCheckMs);
  const lock = await acquireDataDirLock(dataDir, {
    role,
    socket: role === 'server' ? socketPath(dataDir) : null,
    onCompromised: (e) => {
      // Someone removed the lock while this process writes the files: stop before two owners do.
      console.error(`[signet] lost the lock on ${dataDir} (${e.message}); exiting so no other process and this one both write it`);
      process.exit(70);
    },
  });
  try {
    return await openPglite(path.join(dataDir, 'pglite'), migrationsFolder, undefined, lock, role === 'server' ? dataDir : undefined);
  } catch (e) {
    await lock.release();
    throw e;
  }
}

/** A CLI beside the running server: the owner's socket, through the same driver as DATABASE_URL. */
async function openOwnersSocket(dataDir: string, listenCheckMs: number): Promise<Database> {
  const file = socketPath(dataDir);
  await checkSocket(file);
  // Unnamed statements only: every socket client shares PGlite's one session, where named prepared
  // statements of two clients would collide.
  const connect = (max: number) => postgres({ path: file, database: 'postgres', username: 'postgres', max, prepare: false, onnotice: () => {}, connection: SESSION_SETTINGS });
  return postgresDatabase(connect, listenCheckMs, 'pglite', 'socket');
}

async function openPglite(pgDir: string | undefined, migrationsFolder: string, template?: Blob, lock?: DataDirLock, serveFrom?: string): Promise<Database> {
  if (pgDir) await mkdir(pgDir, { recursive: true });
  // pg_trgm backs the history search's trigram indexes (migration 0017); PGlite ships it as contrib.
  const extensions = { pg_trgm };
  const client = template && !pgDir ? new PGlite({ loadDataDir: template, extensions }) : new PGlite({ dataDir: pgDir, extensions });
  await client.waitReady;
  const db = drizzlePglite(client, { schema });
  await migratePglite(db, { migrationsFolder });
  const socket = serveFrom ? await serveOverSocket(client, serveFrom) : null;
  return {
    db: db as unknown as Db,
    kind: 'pglite',
    via: 'in-process',
    async notify(channel, payload) {
      await client.query('SELECT pg_notify($1, $2)', [channel, payload]);
    },
    async listen(channel, onPayload) {
      const unsubscribe = await client.listen(channel, onPayload);
      return async () => unsubscribe();
    },
    async ping() {
      await client.query('SELECT 1');
    },
    async close() {
      await socket?.stop();
      await client.close();
      await lock?.release();
    },
    async dumpPglite() {
      return client.dumpDataDir('none');
    },
  };
}

/**
 * Session settings every connection pins, whatever the server or database defaults are: timestamps
 * come back as text that drizzle parses, which only works for ISO DateStyle; and the races between
 * instances (conditional UPDATEs, INSERT ... ON CONFLICT then re-SELECT) rely on READ COMMITTED,
 * under which the loser waits and then sees the winner's row instead of failing to serialize.
 */
const SESSION_SETTINGS = { DateStyle: 'ISO', default_transaction_isolation: 'read committed' } as const;

async function openPostgres(url: string, migrationsFolder: string, listenCheckMs: number): Promise<Database> {
  // Several app instances may start at once: an advisory lock serialises the migrations.
  const lock = postgres(url, { max: 1, onnotice: () => {}, connection: SESSION_SETTINGS });
  try {
    await lock`SELECT pg_advisory_lock(${MIGRATION_LOCK_KEY})`;
    await migratePostgres(drizzlePostgres(lock), { migrationsFolder });
    await lock`SELECT pg_advisory_unlock(${MIGRATION_LOCK_KEY})`;
  } finally {
    await lock.end();
  }
  const connect = (max: number) => postgres(url, { max, onnotice: () => {}, connection: SESSION_SETTINGS });
  return postgresDatabase(connect, listenCheckMs, 'postgres', 'url');
}

function postgresDatabase(connect: (max: number) => postgres.Sql, listenCheckMs: number, kind: Database['kind'], via: Database['via']): Database {
  const sql = connect(Number(process.env.DATABASE_POOL_SIZE ?? 10));
  const db = drizzlePostgres(sql, { schema });
  const listener = new PostgresListener(() => connect(1), sql, listenCheckMs);
  return {
    db: db as unknown as Db,
    kind,
    via,
    async notify(channel, payload) {
      await sql.notify(channel, payload);
    },
    listen: (channel, onPayload, onReconnect) => listener.listen(channel, onPayload, onReconnect),
    async ping() {
      await sql`SELECT 1`;
    },
    async close() {
      await listener.close();
      await sql.end({ timeout: 5 });
    },
  };
}

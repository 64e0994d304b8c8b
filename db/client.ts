import { randomBytes } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import * as schema from './schema';

export { schema };

/** The drizzle handle both drivers share: same schema, same query builder, same transactions. */
export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

export interface Database {
  db: Db;
  kind: 'pglite' | 'postgres';
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
  /** PGlite data directory; absent means in-memory (tests). */
  dataDir?: string;
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
  if (options.url) return openPostgres(options.url, migrationsFolder, options.listenCheckMs ?? 5_000);
  return openPglite(options.dataDir, migrationsFolder, options.pgliteTemplate);
}

async function openPglite(dataDir: string | undefined, migrationsFolder: string, template?: Blob): Promise<Database> {
  if (dataDir) await mkdir(dataDir, { recursive: true });
  const client = template && !dataDir ? new PGlite({ loadDataDir: template }) : new PGlite(dataDir);
  await client.waitReady;
  const db = drizzlePglite(client, { schema });
  await migratePglite(db, { migrationsFolder });
  return {
    db: db as unknown as Db,
    kind: 'pglite',
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
      await client.close();
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
  const sql = postgres(url, { max: Number(process.env.DATABASE_POOL_SIZE ?? 10), onnotice: () => {}, connection: SESSION_SETTINGS });
  const db = drizzlePostgres(sql, { schema });
  const listener = new PostgresListener(url, sql, listenCheckMs);
  return {
    db: db as unknown as Db,
    kind: 'postgres',
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

interface Subscription {
  onPayload: (payload: string) => void;
  onReconnect?: () => void;
}

/**
 * LISTEN on a dedicated connection that heals itself. postgres-js re-issues LISTEN once when its
 * connection drops, but if the server is still down at that moment (any restart or failover) the
 * subscription is gone for good, silently, and a failed LISTEN stays cached for its channel. So this
 * also LISTENs on a private check channel, NOTIFYs it through the pool every checkMs, and when the
 * checks stop arriving replaces the connection, LISTENs again and calls every onReconnect.
 */
class PostgresListener {
  private readonly channels = new Map<string, Set<Subscription>>();
  private readonly checkChannel = `signet_listen_check_${randomBytes(8).toString('hex')}`;
  private client: postgres.Sql | null = null;
  private listening = new Set<string>();
  private queue: Promise<unknown> = Promise.resolve();
  private lastHeard = 0;
  private timer: ReturnType<typeof setInterval> | null = null;
  private healing = false;
  private closed = false;

  constructor(
    private readonly url: string,
    private readonly pool: postgres.Sql,
    private readonly checkMs: number,
  ) {}

  async listen(channel: string, onPayload: (payload: string) => void, onReconnect?: () => void): Promise<() => Promise<void>> {
    const sub: Subscription = { onPayload, onReconnect };
    const subs = this.channels.get(channel) ?? new Set<Subscription>();
    this.channels.set(channel, subs);
    subs.add(sub);
    const remove = async () => {
      subs.delete(sub);
      if (subs.size === 0 && this.channels.get(channel) === subs) this.channels.delete(channel);
    };
    try {
      await this.serial(async () => {
        if (this.closed) throw new Error('expected an open database; it was closed');
        if (!this.client) await this.connect(); // LISTENs on every channel, this one included
        else if (!this.listening.has(channel)) {
          await this.client.listen(channel, (payload) => this.dispatch(channel, payload));
          this.listening.add(channel);
        }
      });
    } catch (e) {
      await remove();
      throw e;
    }
    this.timer ??= setInterval(() => this.check(), this.checkMs);
    this.timer.unref?.();
    return remove;
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    await this.serial(() => this.disconnect());
  }

  private dispatch(channel: string, payload: string): void {
    for (const sub of this.channels.get(channel) ?? []) sub.onPayload(payload);
  }

  /** Runs operations on the connection one at a time. */
  private serial<T>(op: () => Promise<T>): Promise<T> {
    const run = this.queue.then(op, op);
    this.queue = run.catch(() => {});
    return run;
  }

  private async disconnect(): Promise<void> {
    const old = this.client;
    this.client = null;
    this.listening = new Set();
    await old?.end({ timeout: 0 }).catch(() => {});
  }

  private async connect(): Promise<void> {
    await this.disconnect();
    const next = postgres(this.url, { max: 1, onnotice: () => {}, connection: SESSION_SETTINGS });
    const listening = new Set<string>();
    try {
      await next.listen(this.checkChannel, () => {
        this.lastHeard = Date.now();
      });
      for (const channel of this.channels.keys()) {
        await next.listen(channel, (payload) => this.dispatch(channel, payload));
        listening.add(channel);
      }
    } catch (e) {
      await next.end({ timeout: 0 }).catch(() => {});
      throw e;
    }
    this.client = next;
    this.listening = listening;
    this.lastHeard = Date.now();
  }

  private check(): void {
    if (this.closed || this.healing) return;
    if (this.client && Date.now() - this.lastHeard <= 2 * this.checkMs) {
      this.pool.notify(this.checkChannel, '').catch(() => {}); // the database may be down; the next check tells
      return;
    }
    this.healing = true;
    this.serial(async () => {
      if (this.closed) return;
      await this.connect();
      for (const subs of this.channels.values()) for (const sub of subs) sub.onReconnect?.();
    })
      .catch(() => {}) // still unreachable: try again at the next check
      .finally(() => {
        this.healing = false;
      });
  }
}

import path from 'node:path';
import { openDatabase, type Database, type Db } from '@/db/client';
import { type Clock, type Random, systemClock, systemRandom } from './clock';
import { BlobStore } from './storage/blob-store';
import { config as loadConfig, type Config } from './env';

/**
 * Everything a domain verb needs from the outside world, passed in explicitly so the CLI, the tests
 * and the web server each build their own.
 */
export interface Context {
  config: Config;
  database: Database;
  db: Db;
  clock: Clock;
  random: Random;
  blobs: BlobStore;
}

export interface CreateContextOptions {
  config: Config;
  database?: Database;
  clock?: Clock;
  random?: Random;
  /** Who opens an embedded DATA_DIR: "server" owns it; a CLI (its name) connects to the owner. */
  role?: string;
}

export async function createContext(options: CreateContextOptions): Promise<Context> {
  const { config } = options;
  const database =
    options.database ??
    (await openDatabase({ url: config.databaseUrl, dataDir: config.databaseUrl ? undefined : config.dataDir, role: options.role }));
  return {
    config,
    database,
    db: database.db,
    clock: options.clock ?? systemClock,
    random: options.random ?? systemRandom,
    blobs: new BlobStore(path.join(config.dataDir, 'blobs')),
  };
}

// Next.js may load this module in several bundles of one process; a global keeps one PGlite open.
const globalKey = Symbol.for('signet.appContext');
type GlobalWithContext = typeof globalThis & { [globalKey]?: Promise<Context> };

/** The server's context: configuration from the environment, system clock and randomness. */
export function appContext(): Promise<Context> {
  const g = globalThis as GlobalWithContext;
  if (!g[globalKey]) {
    g[globalKey] = createContext({ config: loadConfig(), role: 'server' }).catch((e: unknown) => {
      delete g[globalKey];
      throw e;
    });
  }
  return g[globalKey];
}

import { chmod, lstat, mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { ExclusiveSession } from './exclusive-session';

/**
 * The owner of an embedded data directory serves its PGlite to local processes (the CLIs) over the
 * PostgreSQL wire protocol on a Unix socket, so that nobody else ever opens the files. The socket
 * lives in DATA_DIR/run (mode 0700) and is itself 0600: only the owner's user can connect, and the
 * socket has no password. Clients check both before they connect (socket-client.ts).
 */

export const SOCKET_DIR = 'run';
export const SOCKET_NAME = '.s.PGSQL.5432';

export function socketPath(dataDir: string): string {
  return path.join(dataDir, SOCKET_DIR, SOCKET_NAME);
}

export interface SocketService {
  path: string;
  stop(): Promise<void>;
}

/**
 * Starts serving. A socket file left by a crashed owner is removed first: the caller holds the data
 * directory's lock, so no live process can be listening on it.
 */
export async function serveOverSocket(pg: PGlite, dataDir: string): Promise<SocketService> {
  const dir = path.join(dataDir, SOCKET_DIR);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await chmod(dir, 0o700); // mkdir keeps an existing directory's mode
  const file = socketPath(dataDir);
  const stale = await lstat(file).catch(() => null);
  if (stale) await rm(file, { force: true });
  const server = new PGLiteSocketServer({
    db: new ExclusiveSession(pg) as unknown as PGlite,
    path: file,
    maxConnections: 64,
    // A client that stops talking mid-transaction would hold the database; drop it after a minute.
    idleTimeout: 60_000,
  });
  await server.start();
  await chmod(file, 0o600);
  return {
    path: file,
    async stop() {
      await server.stop();
      await rm(file, { force: true });
    },
  };
}

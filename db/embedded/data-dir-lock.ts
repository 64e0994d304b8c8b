import { readFileSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import path from 'node:path';
import lockfile from 'proper-lockfile';

/**
 * One process owns an embedded data directory. PGlite is a single-process database: two processes
 * that open the same files overwrite each other's pages and lose acknowledged writes. So the owner
 * takes an exclusive lock (proper-lockfile: an atomic mkdir whose mtime the holder refreshes) before
 * it opens PGlite, and writes who it is beside the lock so that anyone refused can be told.
 */

/** The lock is refreshed every STALE_MS / 5; a lock not refreshed for STALE_MS belonged to a dead process. */
const STALE_MS = 5_000;
const UPDATE_MS = 1_000;

export interface DataDirOwner {
  pid: number;
  host: string;
  /** What the owner is: "server" (npm start) or the CLI's name. */
  role: string;
  startedAt: string;
  /** The Unix socket the owner serves the database on, when it does. */
  socket: string | null;
}

export interface DataDirLock {
  owner: DataDirOwner;
  release(): Promise<void>;
}

/** Thrown when another live process owns the data directory; nothing was opened or changed. */
export class DataDirInUseError extends Error {
  override readonly name = 'DataDirInUseError';
  constructor(
    readonly dataDir: string,
    readonly owner: DataDirOwner | null,
  ) {
    const who = owner ? `process ${owner.pid} (${owner.role}, on ${owner.host}, since ${owner.startedAt})` : 'another process';
    super(
      `DATA_DIR ${dataDir} is in use by ${who}. The embedded database has one owner at a time. ` +
        `Stop that process first, or give this one another DATA_DIR. CLIs (npm run admin:*, certs:check, audit:verify, backup) ` +
        `need not stop it: they connect to the running server.` +
        (owner ? ` If process ${owner.pid} is not Signet (its number was reused after a crash), delete ${path.join(dataDir, 'owner.json')}.` : ''),
    );
  }
}

const ownerFile = (dataDir: string): string => path.join(dataDir, 'owner.json');
/** proper-lockfile's lock directory, kept inside DATA_DIR rather than beside it. */
const lockOptions = (dataDir: string) => ({ stale: STALE_MS, realpath: false, lockfilePath: path.join(dataDir, 'owner.lock') });

/** Who the owner file names, or null when there is none or it is unreadable. */
export async function readOwner(dataDir: string): Promise<DataDirOwner | null> {
  try {
    return JSON.parse(await readFile(ownerFile(dataDir), 'utf8')) as DataDirOwner;
  } catch {
    return null;
  }
}

/**
 * process.kill(pid, 0) tests for a process without signalling it; EPERM means it exists (another
 * user's). A zombie (killed, not yet reaped: common in containers whose init does not reap) is dead.
 */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  try {
    // /proc/<pid>/stat: "pid (comm) state …" (proc(5)); comm may contain spaces and parentheses.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true; // no procfs: trust kill(0)
  }
}

/** True when a live process holds the lock (its lock is fresh and, on this host, its PID exists). */
export async function isDataDirOwned(dataDir: string): Promise<boolean> {
  const locked = await lockfile.check(dataDir, lockOptions(dataDir)).catch(() => false);
  if (!locked) return false;
  const owner = await readOwner(dataDir);
  return !(owner && owner.host === hostname() && !isAlive(owner.pid));
}

export interface AcquireOptions {
  role: string;
  socket?: string | null;
  /** Called if the lock is lost while held (someone removed it): the holder must stop using the files. */
  onCompromised?: (error: Error) => void;
}

/**
 * Takes the data directory's lock or throws DataDirInUseError without touching anything else.
 * A lock left by a process that died (SIGKILL, power loss) is recovered: when the owner file names a
 * PID on this host that no longer exists, this waits for the lock to go stale and takes it over.
 */
export async function acquireDataDirLock(dataDir: string, options: AcquireOptions): Promise<DataDirLock> {
  const previous = await readOwner(dataDir);
  const ownerIsGone = previous !== null && previous.host === hostname() && !isAlive(previous.pid);
  // A live owner is never taken over, even when its lock looks stale (a stalled event loop): refuse
  // at once. A lock without an owner file is left to proper-lockfile's staleness rule.
  const locked = await lockfile.check(dataDir, lockOptions(dataDir)).catch(() => false);
  if (previous && !ownerIsGone && (locked || previous.host === hostname())) throw new DataDirInUseError(dataDir, previous);
  let release: () => Promise<void>;
  try {
    release = await lockfile.lock(dataDir, {
      ...lockOptions(dataDir),
      update: UPDATE_MS,
      // Retry only while a dead owner's lock goes stale; a live owner is refused on the first try.
      retries: ownerIsGone ? { retries: Math.ceil((STALE_MS * 2) / 250), minTimeout: 250, maxTimeout: 250, factor: 1 } : 0,
      onCompromised: options.onCompromised ?? ((e) => {
        throw e;
      }),
    });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ELOCKED') throw new DataDirInUseError(dataDir, await readOwner(dataDir));
    throw e;
  }
  const owner: DataDirOwner = {
    pid: process.pid,
    host: hostname(),
    role: options.role,
    startedAt: new Date().toISOString(),
    socket: options.socket ?? null,
  };
  await writeFile(ownerFile(dataDir), `${JSON.stringify(owner, null, 2)}\n`, { mode: 0o600 });
  return {
    owner,
    async release() {
      await rm(ownerFile(dataDir), { force: true });
      await release().catch(() => {});
    },
  };
}

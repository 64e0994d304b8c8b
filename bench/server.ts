import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/**
 * The production server under test: `next start` on a free port with a fresh embedded PGlite in a
 * temporary DATA_DIR. It runs in its own process group and is killed on every way out of the bench
 * (normal end, thrown error, Ctrl-C, SIGTERM).
 */

export interface ServerHandle {
  port: number;
  origin: string;
  pid: number;
  dataDir: string;
  /** An admin API key created in the fresh database before the server started (staff routes need one). */
  apiKey: string;
  /** What /api/health reports: "pglite" or "postgres". */
  database: string;
  /** CPU seconds (user + system, all threads) the server process has used so far. */
  cpuSeconds(): number;
  /** Last lines the server printed. */
  log(): string;
  stop(): Promise<void>;
}

/** Running servers and their data directories. */
const live = new Map<ChildProcess, string>();
/** Temporary directories to remove if the bench is cut short. */
const tempDirs = new Set<string>();

/** Removes `dir` on exit unless `release` is called first (the caller then removes it itself). */
export function removeOnExit(dir: string): { release: () => void } {
  installExitHandlers();
  tempDirs.add(dir);
  return { release: () => tempDirs.delete(dir) };
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    try {
      child.kill(signal);
    } catch {
      // already gone
    }
  }
}

let handlersInstalled = false;
function installExitHandlers(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  // Last resort: whatever happens to the bench, no server outlives it. This must be quick and
  // synchronous: on Ctrl-C, tsx's parent process SIGKILLs a child that takes more than a few tens of
  // milliseconds to exit. So the directories are removed by a detached `rm`, which outlives us and
  // starts once the killed server is surely gone.
  process.on('exit', () => {
    for (const [child, dataDir] of live) {
      killGroup(child, 'SIGKILL');
      tempDirs.add(dataDir);
    }
    if (tempDirs.size === 0) return;
    try {
      spawn('sh', ['-c', 'sleep 1; rm -rf -- "$@"', 'sh', ...tempDirs], { detached: true, stdio: 'ignore' }).unref();
    } catch {
      console.error(`[bench] could not remove ${[...tempDirs].join(', ')}`);
    }
  });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => {
      process.exit(128 + (os.constants.signals[signal] ?? 0));
    });
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/** Clock ticks per second for /proc/<pid>/stat; 100 on every Linux this runs on. */
const CLK_TCK = (() => {
  const r = spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' });
  const n = Number(r.stdout?.trim());
  return Number.isFinite(n) && n > 0 ? n : 100;
})();

export function processCpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name may contain spaces and parentheses ("next-server (v16…"): split after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLK_TCK;
  } catch {
    return Number.NaN;
  }
}

/**
 * CPU seconds (user + system) of a process and of all its children, live and reaped: PostgreSQL's
 * postmaster forks one backend per connection, and the CPU of backends that have exited is counted
 * in the postmaster's cutime/cstime (proc(5), fields 16-17).
 */
export function processTreeCpuSeconds(pid: number): number {
  const fields = (p: number): string[] | undefined => {
    try {
      const stat = readFileSync(`/proc/${p}/stat`, 'utf8');
      return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    } catch {
      return undefined;
    }
  };
  const own = fields(pid);
  if (!own) return Number.NaN;
  let ticks = Number(own[11]) + Number(own[12]) + Number(own[13]) + Number(own[14]);
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const f = fields(Number(entry));
    if (f && Number(f[1]) === pid) ticks += Number(f[11]) + Number(f[12]);
  }
  return ticks / CLK_TCK;
}

/** The postmaster's pid of the cluster in `dataDir` (first line of postmaster.pid). */
export function postmasterPid(dataDir: string): number {
  const pid = Number(readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  if (!Number.isSafeInteger(pid) || pid <= 0) throw new Error(`expected a pid in ${dataDir}/postmaster.pid`);
  return pid;
}

export interface BuildInfo {
  built: boolean;
  buildId: string;
  builtAt: Date;
  /** Source files changed after the build: the build may not match the working tree. */
  newerSources: string[];
}

function newerThan(dirs: string[], since: number, root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    let entries: import('node:fs').Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.(ts|tsx|mjs|js|css)$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) && statSync(p).mtimeMs > since) out.push(path.relative(root, p));
    }
  };
  for (const d of dirs) walk(path.join(root, d));
  return out.sort();
}

/** Makes sure a production build exists (`next build` when .next/BUILD_ID is missing). */
export function ensureBuild(root: string, log: (line: string) => void): BuildInfo {
  const idFile = path.join(root, '.next', 'BUILD_ID');
  let built = false;
  if (!existsSync(idFile)) {
    log('no production build (.next/BUILD_ID): running next build …');
    const r = spawnSync(path.join(root, 'node_modules/.bin/next'), ['build'], { cwd: root, stdio: 'inherit', env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' } });
    if (r.status !== 0) throw new Error(`next build failed with exit code ${r.status}`);
    built = true;
  }
  const builtAt = statSync(idFile).mtime;
  const newerSources = newerThan(['app', 'lib', 'db'], builtAt.getTime(), root);
  return { built, buildId: readFileSync(idFile, 'utf8').trim(), builtAt, newerSources };
}

export interface StartOptions {
  root: string;
  /** Run the server under the V8 sampling profiler, writing a .cpuprofile here when it stops. */
  profileDir?: string;
  /** More directories for the watchdog to remove should the bench itself be killed. */
  removeIfKilled?: string[];
  readyTimeoutMs?: number;
  /** Run against this PostgreSQL (DATABASE_URL) instead of a fresh embedded PGlite; the caller provides an empty database. */
  databaseUrl?: string;
  /** Listen on this port instead of a free one. */
  port?: number;
}

async function createBenchApiKey(env: NodeJS.ProcessEnv): Promise<string> {
  const [{ parseConfig }, { createContext }, { createApiKey }] = await Promise.all([import('../lib/env'), import('../lib/context'), import('../lib/auth/api-keys')]);
  const ctx = await createContext({ config: parseConfig(env) });
  try {
    return (await createApiKey(ctx, { name: 'bench', roles: ['admin'] })).key;
  } finally {
    await ctx.database.close();
  }
}

export async function startServer(options: StartOptions): Promise<ServerHandle> {
  installExitHandlers();
  const port = options.port ?? (await freePort());
  const origin = `http://localhost:${port}`;
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'signet-bench-data-'));
  // A benchmark is one client hammering the server on purpose: rate limits would measure themselves.
  const noLimits = { RATE_LIMIT_SIGN_IN: 'off', RATE_LIMIT_UPLOAD: 'off', RATE_LIMIT_CEREMONY: 'off', RATE_LIMIT_CEREMONY_TOKEN: 'off' };
  const env: NodeJS.ProcessEnv = { ...process.env, ...noLimits, ORIGIN: origin, DATA_DIR: dataDir, NEXT_TELEMETRY_DISABLED: '1' };
  // The embedded PGlite and default settings: nothing inherited from the shell may redirect them.
  for (const k of ['DATABASE_URL', 'UPLOAD_MAX_BYTES', 'RP_ID', 'PORT', 'NODE_OPTIONS']) delete env[k];
  if (options.databaseUrl) env.DATABASE_URL = options.databaseUrl;

  // Staff routes need an identity: create the bench's admin API key through lib in the fresh
  // database first (PGlite allows one process at a time, so before the server opens it).
  const apiKey = await createBenchApiKey(env);

  // What node_modules/.bin/next runs, with this Node binary, so node flags can be added.
  const nodeArgs = options.profileDir ? ['--cpu-prof', `--cpu-prof-dir=${options.profileDir}`] : [];
  const child = spawn(process.execPath, [...nodeArgs, path.join(options.root, 'node_modules/next/dist/bin/next'), 'start', '-p', String(port)], {
    cwd: options.root,
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  live.set(child, dataDir);
  // Should this process die without running any handler (SIGKILL), a watchdog that reads our pipe
  // until it closes still kills the server and removes its data directory.
  const watchdog = spawn('sh', ['-c', 'cat >/dev/null; kill -9 -"$1" 2>/dev/null; shift; sleep 1; rm -rf -- "$@"', 'sh', String(child.pid), dataDir, ...(options.removeIfKilled ?? [])], {
    detached: true,
    stdio: ['pipe', 'ignore', 'ignore'],
  });
  watchdog.unref();
  const lines: string[] = [];
  const keep = (buf: Buffer) => {
    lines.push(...buf.toString('utf8').split('\n').filter(Boolean));
    if (lines.length > 200) lines.splice(0, lines.length - 200);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  exited.then(() => live.delete(child));

  const handle: ServerHandle = {
    port,
    origin,
    pid: child.pid ?? -1,
    dataDir,
    apiKey,
    database: 'unknown',
    cpuSeconds: () => processCpuSeconds(child.pid ?? -1),
    log: () => lines.join('\n'),
    async stop() {
      killGroup(child, 'SIGTERM');
      const timer = setTimeout(() => killGroup(child, 'SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
      if (watchdog.exitCode === null && watchdog.signalCode === null) watchdog.kill('SIGKILL');
      watchdog.stdin?.destroy();
      await rm(dataDir, { recursive: true, force: true });
    },
  };

  try {
    const deadline = Date.now() + (options.readyTimeoutMs ?? 60_000);
    for (;;) {
      if (child.exitCode !== null || child.signalCode !== null) throw new Error(`the server exited during start-up:\n${handle.log()}`);
      try {
        const res = await fetch(`http://127.0.0.1:${port}/api/health`);
        const body = (await res.json().catch(() => ({}))) as { database?: string };
        if (res.status === 200) {
          handle.database = body.database ?? 'unknown';
          break;
        }
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) throw new Error(`the server did not answer /api/health within the time limit:\n${handle.log()}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  } catch (e) {
    await handle.stop();
    throw e;
  }
  return handle;
}

export interface SystemCpu {
  /** CPU seconds all processes on the machine spent busy (user, nice, system, irq, softirq). */
  busySeconds: number;
  /** CPU seconds the hypervisor gave to someone else while we wanted to run. */
  stealSeconds: number;
}

/** Machine-wide CPU counters from /proc/stat (NaN where unavailable). */
export function systemCpu(): SystemCpu {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
    const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = line.trim().split(/\s+/).slice(1).map(Number);
    return { busySeconds: (user + nice + system + irq + softirq) / CLK_TCK, stealSeconds: steal / CLK_TCK };
  } catch {
    return { busySeconds: Number.NaN, stealSeconds: Number.NaN };
  }
}

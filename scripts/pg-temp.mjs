#!/usr/bin/env node
/**
 * A throwaway PostgreSQL server for tests: a fresh cluster in a temporary directory, listening on a
 * free loopback port, trusted local auth, durability switched off for speed. Plain Node, no deps.
 *
 *   import { startTempPostgres } from './scripts/pg-temp.mjs';
 *   const pg = await startTempPostgres();   // pg.url = postgres://postgres@127.0.0.1:<port>/signet
 *   await pg.stop();                        // pg_ctl stop -m immediate, then the directory is removed
 *
 *   node scripts/pg-temp.mjs -- npx vitest run   # runs the command with TEST_DATABASE_URL set,
 *                                                # stops the server, exits with the command's code
 *   node scripts/pg-temp.mjs                     # prints the URL and runs until Ctrl-C
 *
 * Binaries: PG_BIN if set, else the highest /usr/lib/postgresql/<version>/bin, else PATH. initdb and
 * pg_ctl refuse to run as root, so as root they run as the `postgres` system user (runuser or su).
 * The server is stopped on stop(), on process exit, on SIGINT/SIGTERM/SIGHUP in CLI mode, and by a
 * detached watchdog if this process dies without cleaning up (even SIGKILL).
 */
import { spawn, spawnSync } from 'node:child_process';
import { accessSync, chownSync, constants as fsConstants, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const INSTALL_HINT = 'apt-get update && apt-get install -y postgresql';
const DB_NAME = 'signet';
const PG_USER = 'postgres';

/** Settings for a disposable test server: nothing here needs to survive a crash. */
const SERVER_SETTINGS = {
  listen_addresses: '127.0.0.1',
  fsync: 'off',
  synchronous_commit: 'off',
  full_page_writes: 'off',
  max_connections: '300',
  log_min_messages: 'warning',
};

function isExecutable(file) {
  try {
    accessSync(file, fsConstants.X_OK);
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

function compareVersionsDesc(a, b) {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pb[i] ?? 0) - (pa[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** The directory holding initdb and pg_ctl, or null. */
export function findPostgresBin() {
  const has = (dir) => ['initdb', 'pg_ctl', 'createdb'].every((b) => isExecutable(path.join(dir, b)));
  if (process.env.PG_BIN) return has(process.env.PG_BIN) ? process.env.PG_BIN : null;
  const root = '/usr/lib/postgresql';
  if (existsSync(root)) {
    const versions = readdirSync(root)
      .filter((v) => /^\d+(\.\d+)*$/.test(v))
      .sort(compareVersionsDesc);
    for (const v of versions) {
      const dir = path.join(root, v, 'bin');
      if (has(dir)) return dir;
    }
  }
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (dir && has(dir)) return dir;
  }
  return null;
}

const shellQuote = (s) => `'${String(s).replace(/'/g, `'\\''`)}'`;

function runAsPostgresWith() {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return null;
  const id = spawnSync('id', ['-u', PG_USER], { encoding: 'utf8' });
  const gid = spawnSync('id', ['-g', PG_USER], { encoding: 'utf8' });
  if (id.status !== 0 || gid.status !== 0) {
    throw new Error(
      `PostgreSQL refuses to run as root and there is no "${PG_USER}" system user to run it as. ` +
        `Run: ${INSTALL_HINT} (it creates the user), or run the tests as a non-root user.`,
    );
  }
  const runuser = ['/usr/sbin/runuser', '/sbin/runuser', '/usr/bin/runuser'].find(isExecutable);
  return { uid: Number(id.stdout.trim()), gid: Number(gid.stdout.trim()), runuser };
}

/** [file, args] that run `cmd args` as the postgres user when we are root, else directly. */
function argvFor(asPg, cmd, args) {
  if (!asPg) return [cmd, args];
  if (asPg.runuser) return [asPg.runuser, ['-u', PG_USER, '--', cmd, ...args]];
  return ['su', [PG_USER, '-s', '/bin/sh', '-c', [cmd, ...args].map(shellQuote).join(' ')]];
}

function run(file, args, { timeoutMs = 120_000 } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve(out);
      else reject(new Error(`${path.basename(file)} ${args.join(' ')} exited with ${signal ?? code}:\n${out.trim()}`));
    });
  });
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

function tempBase() {
  // The postgres user must be able to reach the directory; a private TMPDIR (e.g. under /root) would not do.
  const t = os.tmpdir();
  try {
    if ((statSync(t).mode & 0o001) !== 0) return t;
  } catch {
    /* fall through */
  }
  return '/tmp';
}

function tail(file, lines = 30) {
  try {
    return readFileSync(file, 'utf8').trim().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no server log)';
  }
}

/**
 * Starts a throwaway PostgreSQL cluster. Resolves to { url, stop() }; stop() is idempotent.
 * Throws an Error naming the install command when the PostgreSQL binaries are missing.
 * `options.settings` overrides SERVER_SETTINGS (the ledger benchmark turns durability back on).
 */
export async function startTempPostgres(options = {}) {
  const settings = { ...SERVER_SETTINGS, ...(options.settings ?? {}) };
  const started = Date.now();
  const bin = findPostgresBin();
  if (!bin) {
    throw new Error(
      'PostgreSQL server binaries (initdb, pg_ctl) not found in /usr/lib/postgresql/*/bin, PG_BIN or PATH. ' +
        `Install them with: ${INSTALL_HINT}`,
    );
  }
  const asPg = runAsPostgresWith();
  const dir = mkdtempSync(path.join(tempBase(), 'signet-pg-'));
  const dataDir = path.join(dir, 'data');
  const logFile = path.join(dir, 'server.log');
  if (asPg) chownSync(dir, asPg.uid, asPg.gid);
  const pgCtl = path.join(bin, 'pg_ctl');
  const [stopFile, stopArgs] = argvFor(asPg, pgCtl, ['-D', dataDir, '-m', 'immediate', '-w', '-t', '30', 'stop']);

  // If this process dies without calling stop() (SIGKILL, a crash), a detached watchdog still stops
  // the server and removes the directory once it notices.
  const watchdog = spawn(
    '/bin/sh',
    [
      '-c',
      `while kill -0 ${process.pid} 2>/dev/null; do sleep 1; done; ` +
        `${[stopFile, ...stopArgs].map(shellQuote).join(' ')} >/dev/null 2>&1; rm -rf ${shellQuote(dir)}`,
    ],
    { detached: true, stdio: 'ignore' },
  );
  watchdog.on('error', () => {});
  watchdog.unref();

  let stopped = false;
  const stopSync = () => {
    if (stopped) return;
    stopped = true;
    spawnSync(stopFile, stopArgs, { stdio: 'ignore', timeout: 30_000 });
    rmSync(dir, { recursive: true, force: true });
    try {
      process.kill(-watchdog.pid, 'SIGKILL');
    } catch {
      /* already gone */
    }
  };
  process.once('exit', stopSync);

  const stop = async () => {
    if (stopped) return;
    stopped = true;
    process.removeListener('exit', stopSync);
    await run(stopFile, stopArgs).catch(() => {});
    rmSync(dir, { recursive: true, force: true });
    try {
      process.kill(-watchdog.pid, 'SIGKILL');
    } catch {
      /* already gone */
    }
  };

  try {
    await run(
      ...argvFor(asPg, path.join(bin, 'initdb'), ['-D', dataDir, '-A', 'trust', '-U', PG_USER, '-E', 'UTF8', '--locale=C', '--no-sync']),
    );
    let port;
    for (let attempt = 1; ; attempt++) {
      port = await freePort();
      const serverOptions = [`-p ${port}`, `-k ${shellQuote(dir)}`, ...Object.entries(settings).map(([k, v]) => `-c ${k}=${v}`)].join(' ');
      try {
        await run(...argvFor(asPg, pgCtl, ['-D', dataDir, '-l', logFile, '-w', '-t', '60', '-o', serverOptions, 'start']));
        break;
      } catch (e) {
        // Another process may have taken the port between probing and binding: try another.
        if (attempt < 3 && /could not bind|address already in use/i.test(tail(logFile))) continue;
        throw new Error(`${e.message}\n--- server log (${logFile}) ---\n${tail(logFile)}`);
      }
    }
    await run(path.join(bin, 'createdb'), ['-h', '127.0.0.1', '-p', String(port), '-U', PG_USER, DB_NAME]);
    const url = `postgres://${PG_USER}@127.0.0.1:${port}/${DB_NAME}`;
    return { url, port, dir, startupMs: Date.now() - started, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}

async function main(argv) {
  const command = argv[0] === '--' ? argv.slice(1) : argv;

  if (process.env.TEST_DATABASE_URL && command.length > 0) {
    // Already pointed at a server (e.g. a CI service container): just run the command.
    console.error('[pg-temp] TEST_DATABASE_URL is already set; using it instead of starting a server');
    const child = spawn(command[0], command.slice(1), { stdio: 'inherit' });
    for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => child.kill(sig));
    child.on('error', (e) => {
      console.error(`[pg-temp] could not run ${command[0]}: ${e.message}`);
      process.exit(127);
    });
    child.on('exit', (code, signal) => process.exit(code ?? 128 + (os.constants.signals[signal] ?? 0)));
    return;
  }

  let pg = null;
  let child = null;
  let interrupted = null;
  let finishing = false;

  const finish = async (code) => {
    if (finishing) return;
    finishing = true;
    if (pg) await pg.stop();
    process.exit(code);
  };

  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(sig, () => {
      const code = 128 + os.constants.signals[sig];
      if (child && child.exitCode === null && child.signalCode === null && !interrupted) {
        interrupted = sig;
        child.kill(sig); // the command cleans up and exits; we stop the server after it
        return;
      }
      interrupted = sig;
      if (pg) void finish(code); // no command running, or a second signal: stop now
    });
  }

  try {
    pg = await startTempPostgres();
  } catch (e) {
    console.error(`[pg-temp] ${e.message}`);
    process.exit(1);
  }
  if (interrupted) return finish(128 + os.constants.signals[interrupted]);
  console.error(`[pg-temp] PostgreSQL ready at ${pg.url} in ${pg.startupMs} ms`);

  if (command.length === 0) {
    console.log(pg.url);
    console.error('[pg-temp] no command given; press Ctrl-C to stop the server');
    setInterval(() => {}, 1 << 30);
    return;
  }

  child = spawn(command[0], command.slice(1), { stdio: 'inherit', env: { ...process.env, TEST_DATABASE_URL: pg.url } });
  child.on('error', (e) => {
    console.error(`[pg-temp] could not run ${command[0]}: ${e.message}`);
    void finish(127);
  });
  child.on('exit', (code, signal) => {
    void finish(code ?? 128 + (os.constants.signals[signal] ?? 0));
  });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).catch((e) => {
    console.error(`[pg-temp] ${e?.stack ?? e}`);
    process.exit(1);
  });
}

import { spawn } from 'node:child_process';
import { chmod, mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '@/db/client';
import { DataDirInUseError } from './data-dir-lock';
import { UnsafeSocketError } from './socket-client';
import { socketPath } from './socket-server';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

/** Every file under dir with its size and mtime: "nothing was touched" means this is unchanged. */
async function snapshot(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    const st = await stat(file);
    out.push(`${path.relative(dir, file)} ${st.size} ${st.mtimeMs}`);
  }
  return out.sort();
}

/** Rows of db.execute, which PGlite answers as { rows } and postgres-js as an array. */
const rows = (result: unknown): Record<string, unknown>[] =>
  Array.isArray(result) ? [...(result as Record<string, unknown>[])] : ((result as { rows: Record<string, unknown>[] }).rows ?? []);
const rowsOf = async (database: Database, query: string): Promise<Record<string, unknown>[]> => rows(await database.db.execute(sql.raw(query)));

describe('one owner per embedded DATA_DIR', () => {
  let dataDir: string;
  const open: Database[] = [];
  const track = (d: Database): Database => (open.push(d), d);

  beforeEach(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'signet-owner-'));
  });
  afterEach(async () => {
    for (const d of open.splice(0).reverse()) await d.close().catch(() => {});
    await rm(dataDir, { recursive: true, force: true });
  });

  it('refuses a second owner at once, naming the process, and touches no file', async () => {
    track(await openDatabase({ dataDir, role: 'server' }));
    const before = await snapshot(path.join(dataDir, 'pglite'));

    const second = openDatabase({ dataDir, role: 'server' });

    await expect(second).rejects.toBeInstanceOf(DataDirInUseError);
    await expect(second).rejects.toThrow(`in use by process ${process.pid} (server`);
    expect(await snapshot(path.join(dataDir, 'pglite'))).toEqual(before);
  });

  it('lets a CLI beside the server read and write through the owner socket', async () => {
    const server = track(await openDatabase({ dataDir, role: 'server' }));
    const cli = track(await openDatabase({ dataDir, role: 'admin:api-key' }));
    expect(cli.via).toBe('socket');
    expect(cli.kind).toBe('pglite');

    await cli.db.execute(sql`CREATE TABLE socket_probe (v text)`);
    await cli.db.execute(sql`INSERT INTO socket_probe VALUES ('from the CLI')`);

    expect(await rowsOf(server, 'SELECT v FROM socket_probe')).toEqual([{ v: 'from the CLI' }]);
    expect((await stat(socketPath(dataDir))).mode & 0o777).toBe(0o600);
    expect((await stat(path.dirname(socketPath(dataDir)))).mode & 0o777).toBe(0o700);
  });

  it('keeps server transactions and socket clients\' transactions whole when they run at the same time', async () => {
    const server = track(await openDatabase({ dataDir, role: 'server' }));
    const clients = [track(await openDatabase({ dataDir, role: 'cli-a' })), track(await openDatabase({ dataDir, role: 'cli-b' }))];
    await server.db.execute(sql`CREATE TABLE counter (v int NOT NULL)`);
    await server.db.execute(sql`INSERT INTO counter VALUES (0)`);
    // Read, yield, write: interleaved with any other transaction in PGlite's single session this
    // loses updates, because nothing else isolates them.
    const bump = (d: Database) =>
      d.db.transaction(async (tx) => {
        const v = Number(rows(await tx.execute(sql`SELECT v FROM counter`))[0]!.v);
        await new Promise((r) => setTimeout(r, 1));
        await tx.execute(sql`UPDATE counter SET v = ${v + 1}`);
      });

    await Promise.all([...Array.from({ length: 20 }, () => bump(server)), ...clients.flatMap((c) => Array.from({ length: 20 }, () => bump(c)))]);

    expect(await rowsOf(server, 'SELECT v FROM counter')).toEqual([{ v: 60 }]);
  });

  it('refuses a socket that other users could open', async () => {
    track(await openDatabase({ dataDir, role: 'server' }));
    await chmod(socketPath(dataDir), 0o666);

    await expect(openDatabase({ dataDir, role: 'certs:check' })).rejects.toThrow(UnsafeSocketError);
    await expect(openDatabase({ dataDir, role: 'certs:check' })).rejects.toThrow('mode 666 lets other users in');

    await chmod(socketPath(dataDir), 0o600);
    await chmod(path.dirname(socketPath(dataDir)), 0o755);
    await expect(openDatabase({ dataDir, role: 'certs:check' })).rejects.toThrow('socket directory');
  });

  it('lets a CLI own the directory when no server runs, and refuses the server meanwhile', async () => {
    const cli = track(await openDatabase({ dataDir, role: 'audit:verify' }));
    expect(cli.via).toBe('in-process');

    await expect(openDatabase({ dataDir, role: 'server' })).rejects.toThrow('(audit:verify');

    await cli.close();
    open.splice(open.indexOf(cli), 1);
    const server = track(await openDatabase({ dataDir, role: 'server' }));
    expect(server.via).toBe('in-process');
  });

  it('recovers the lock and socket of an owner killed with SIGKILL, keeping its data', async () => {
    // Its own process group, so SIGKILL reaches all of it at once, as a crash would.
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/support/own-data-dir.ts', dataDir], { cwd: repoRoot, detached: true, stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => d.toString().includes('ready') && resolve());
      child.on('exit', (code) => reject(new Error(`owner exited early (${code})`)));
    });
    const cli = await openDatabase({ dataDir, role: 'cli' });
    await cli.db.execute(sql`CREATE TABLE survivor (v text)`);
    await cli.db.execute(sql`INSERT INTO survivor VALUES ('acknowledged')`);
    await cli.close();
    const exited = new Promise((r) => child.on('exit', r));
    process.kill(-child.pid!, 'SIGKILL');
    await exited;

    const started = Date.now();
    const server = track(await openDatabase({ dataDir, role: 'server' }));

    expect(Date.now() - started).toBeLessThan(15_000);
    expect(await rowsOf(server, 'SELECT v FROM survivor')).toEqual([{ v: 'acknowledged' }]);
    expect((await stat(socketPath(dataDir))).isSocket()).toBe(true);
  }, 60_000);
});

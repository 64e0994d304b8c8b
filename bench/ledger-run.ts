import postgres from 'postgres';
import { startTempPostgres, type TempPostgres } from '../scripts/pg-temp.mjs';
import { benchAppends, benchContext, benchProofs, type AppendFigures, type LedgerDbResults, type LedgerSettings, type ProofFigures } from './ledger';

/** Runs the ledger benchmarks on PGlite and on a throwaway PostgreSQL server (see bench/ledger.ts). */

export interface LedgerResults {
  settings: LedgerSettings;
  databases: LedgerDbResults[];
  postgresVersion?: string;
  /** Why PostgreSQL was not measured (binaries missing…). */
  postgresSkipped?: string;
}

/**
 * The server runs with production durability, not the test defaults of scripts/pg-temp.mjs
 * (fsync off): "a completed signing is durably in the log before its response" is the requirement,
 * and a commit that does not wait for its WAL flush does not meet it.
 */
const DURABLE = { fsync: 'on', synchronous_commit: 'on', full_page_writes: 'on' };

async function withContext<T>(url: string | undefined, fn: (ctx: Awaited<ReturnType<typeof benchContext>>['ctx']) => Promise<T>): Promise<T> {
  const { ctx, dispose } = await benchContext(url);
  try {
    return await fn(ctx);
  } finally {
    await dispose();
  }
}

async function createDatabase(pg: TempPostgres, name: string, settings: Record<string, string> = {}): Promise<string> {
  const admin = postgres(pg.url, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`CREATE DATABASE ${name}`);
    for (const [k, v] of Object.entries(settings)) await admin.unsafe(`ALTER DATABASE ${name} SET ${k} = '${v}'`);
  } finally {
    await admin.end({ timeout: 5 });
  }
  const url = new URL(pg.url);
  url.pathname = `/${name}`;
  return url.toString();
}

async function serverVersion(url: string): Promise<string> {
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const [row] = await admin<{ server_version: string }[]>`SHOW server_version`;
    return row?.server_version ?? 'unknown';
  } finally {
    await admin.end({ timeout: 5 });
  }
}

export async function runLedgerBench(settings: LedgerSettings, log: (line: string) => void): Promise<LedgerResults> {
  const results: LedgerResults = { settings, databases: [] };
  const describe = (a: AppendFigures) =>
    `${a.append.perSecond.toFixed(0)} appends/s vs. baseline ${a.baseline.perSecond.toFixed(0)}/s at concurrency ${a.concurrency}, ${a.batch} per transaction (ratio ${(a.append.perSecond / a.baseline.perSecond).toFixed(3)})`;
  const describeProof = (p: ProofFigures) =>
    `proof p50 ${p.proof.p50.toFixed(2)} ms / p99 ${p.proof.p99.toFixed(2)} ms vs. PK SELECT p50 ${p.baseline.p50.toFixed(2)} ms / p99 ${p.baseline.p99.toFixed(2)} ms; ${p.verified} proofs verified`;

  log('ledger: PGlite (on disk) appends');
  const pglite: LedgerDbResults = { label: 'PGlite (on disk, as the server runs it)', durable: true, appends: [] };
  await withContext(undefined, async (ctx) => {
    pglite.appends.push(await benchAppends(ctx, settings, 1, 'pglite'));
    log(`  ${describe(pglite.appends.at(-1) as AppendFigures)}`);
    for (const k of settings.batches.slice(0, 1)) {
      log(`ledger: PGlite appends in batches of ${k}`);
      pglite.appends.push(await benchAppends(ctx, settings, 1, `pgliteb${k}`, k));
      log(`  ${describe(pglite.appends.at(-1) as AppendFigures)}`);
    }
  });
  log(`ledger: PGlite inclusion proofs at ${settings.proofLeaves} leaves`);
  pglite.proofs = await withContext(undefined, (ctx) => benchProofs(ctx, settings, log));
  log(`  ${describeProof(pglite.proofs)}`);
  results.databases.push(pglite);

  let pg: TempPostgres;
  try {
    pg = await startTempPostgres({ settings: DURABLE });
  } catch (e) {
    results.postgresSkipped = e instanceof Error ? e.message.split('\n')[0] : String(e);
    log(`ledger: PostgreSQL skipped: ${results.postgresSkipped}`);
    return results;
  }
  try {
    results.postgresVersion = await serverVersion(pg.url);
    const durable: LedgerDbResults = { label: `PostgreSQL ${results.postgresVersion}, fsync on, synchronous_commit on`, durable: true, appends: [] };
    // One context (one master key, one pool) for every concurrency level on this database.
    await withContext(await createDatabase(pg, 'bench_append'), async (ctx) => {
      for (const c of settings.pgConcurrency) {
        log(`ledger: PostgreSQL (durable) appends at concurrency ${c}`);
        durable.appends.push(await benchAppends(ctx, settings, c, `pg${c}`));
        log(`  ${describe(durable.appends.at(-1) as AppendFigures)}`);
      }
      for (const k of settings.batches) {
        log(`ledger: PostgreSQL (durable) appends in batches of ${k}, one transaction at a time`);
        durable.appends.push(await benchAppends(ctx, settings, 1, `pgb${k}`, k));
        log(`  ${describe(durable.appends.at(-1) as AppendFigures)}`);
      }
    });
    log(`ledger: PostgreSQL inclusion proofs at ${settings.proofLeaves} leaves`);
    durable.proofs = await withContext(await createDatabase(pg, 'bench_proof'), (ctx) => benchProofs(ctx, settings, log));
    log(`  ${describeProof(durable.proofs)}`);
    results.databases.push(durable);

    // For scale only: the same appends when a commit does not wait for its WAL flush. Not durable,
    // so it cannot count towards the goal; it shows how much of the cost is the flush.
    const relaxed: LedgerDbResults = { label: `PostgreSQL ${results.postgresVersion}, synchronous_commit off (not durable, for comparison)`, durable: false, appends: [] };
    const asyncUrl = await createDatabase(pg, 'bench_async', { synchronous_commit: 'off' });
    const c = Math.max(...settings.pgConcurrency);
    log(`ledger: PostgreSQL (synchronous_commit off) appends at concurrency ${c}`);
    relaxed.appends.push(await withContext(asyncUrl, (ctx) => benchAppends(ctx, settings, c, 'async')));
    log(`  ${describe(relaxed.appends[0] as AppendFigures)}`);
    results.databases.push(relaxed);
  } finally {
    await pg.stop();
  }
  return results;
}

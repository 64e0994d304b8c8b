/**
 * `npm run bench`: ingest hashing and completeSigning-over-HTTP benchmarks. Every speed target is
 * reported as a ratio against a baseline measured in the same run, never as a timed test. Writes
 * docs/benchmarks.md (a --quick run only prints).
 *
 *   npm run bench                      full run (~3-5 minutes on 2 cores)
 *   npm run bench -- --quick           small sizes, prints the report, leaves the doc alone
 *   npm run bench -- --skip-hash       only the HTTP benchmark (also --skip-http, --skip-ledger, --skip-pki)
 *   LEDGER_BENCH_LEAVES=100000 npm run bench   smaller ledger for the inclusion proofs (also LEDGER_BENCH_APPENDS, LEDGER_BENCH_PROOFS)
 *   npm run bench -- --no-profile      run the server without the V8 sampling profiler
 *   npm run bench -- --keep-profile    keep the server's .cpuprofile (and the measured windows) in a temp dir
 *   npm run bench -- --out FILE        write the report elsewhere
 *   BENCH_DATABASE_URL=postgres://… npm run bench   the HTTP benchmark on that (empty) PostgreSQL instead of the embedded DB
 *   npm run bench -- --postgres        the HTTP benchmark on a throwaway PostgreSQL with durability on (fsync,
 *                                      synchronous_commit, full_page_writes), its CPU measured next to the server's
 *   BENCH_CONCURRENCY=64 BENCH_PORT=3850 npm run bench   closed-loop concurrency (default 32) and the server's port (default: a free one)
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { runCountersignBench } from './countersign';
import { runHashBench } from './hashing';
import { closedLoop, mergeLoad, type LoadResult } from './http-load';
import { runLedgerBench, type LedgerResults } from './ledger-run';
import { ledgerSection } from './ledger-report';
import { analyzeProfile, profileIn } from './profile';
import { renderReport, type BenchResults, type HttpResults } from './report';
import { startTempPostgres, type TempPostgres } from '../scripts/pg-temp.mjs';
import { ensureBuild, postmasterPid, processTreeCpuSeconds, removeOnExit, startServer } from './server';
import { completeRequest, issueChallenges, prepareRequests, type PendingCeremony, type PreparedCeremony } from './signing';

const root = path.resolve(__dirname, '..');
const argv = process.argv.slice(2);
const flag = (name: string) => argv.includes(name);
const quick = flag('--quick');
const profile = !flag('--no-profile');
const keepProfile = flag('--keep-profile');
const outIndex = argv.indexOf('--out');
const outFile = outIndex >= 0 ? path.resolve(argv[outIndex + 1] ?? '') : quick ? undefined : path.join(root, 'docs', 'benchmarks.md');

const SETTINGS = {
  hashTotalBytes: quick ? 128 * 1024 * 1024 : 1024 * 1024 * 1024,
  hashChunkSizes: [1024 * 1024, 64 * 1024],
  hashRounds: 5,
  concurrency: process.env.BENCH_CONCURRENCY ? Number(process.env.BENCH_CONCURRENCY) : 32,
  ceremonies: quick ? 300 : 2000,
  warmupCeremonies: quick ? 50 : 100,
  unloadedCeremonies: quick ? 50 : 100,
  /** Measured runs are split into this many blocks, alternating health and completeSigning. */
  blocks: quick ? 2 : 4,
  requestsPerSigner: 5,
  setupConcurrency: 8,
  documentBytes: 100 * 1024,
};

const envCount = (name: string, fallback: number): number => {
  const raw = process.env[name];
  const n = raw === undefined ? fallback : Number(raw);
  if (!Number.isSafeInteger(n) || n < 2) throw new Error(`expected ${name} to be an integer ≥ 2, got ${JSON.stringify(raw)}`);
  return n;
};

const LEDGER_SETTINGS = {
  appends: envCount('LEDGER_BENCH_APPENDS', quick ? 400 : 2000),
  blocks: quick ? 2 : 4,
  proofLeaves: envCount('LEDGER_BENCH_LEAVES', quick ? 100_000 : 1_000_000),
  proofs: envCount('LEDGER_BENCH_PROOFS', quick ? 500 : 2000),
  pgConcurrency: [1, 16],
  batches: [16, 64],
};

const log = (line: string) => console.log(`[bench] ${line}`);

async function benchHttp(): Promise<HttpResults> {
  const build = ensureBuild(root, log);
  if (build.newerSources.length > 0) {
    log(`warning: ${build.newerSources.length} source file(s) changed after the build (${build.newerSources.slice(0, 5).join(', ')}…); run next build to measure the working tree`);
  }
  const profileDir = profile ? await mkdtemp(path.join(os.tmpdir(), 'signet-bench-profile-')) : undefined;
  const profileCleanup = profileDir && !keepProfile ? removeOnExit(profileDir) : undefined;
  // Durable on purpose: the goal is signings that survive a power cut, so commits wait for fsync.
  const tempPg: TempPostgres | undefined = flag('--postgres') ? await startTempPostgres({ settings: { fsync: 'on', synchronous_commit: 'on', full_page_writes: 'on' } }) : undefined;
  const databaseUrl = tempPg?.url ?? process.env.BENCH_DATABASE_URL;
  const pgPid = tempPg ? postmasterPid(path.join(tempPg.dir, 'data')) : undefined;
  const databaseCpu = pgPid === undefined ? undefined : () => processTreeCpuSeconds(pgPid);
  const server = await startServer({ root, profileDir, databaseUrl, port: process.env.BENCH_PORT ? Number(process.env.BENCH_PORT) : undefined, removeIfKilled: profileDir && !keepProfile ? [profileDir] : [] });
  log(`server pid ${server.pid} on ${server.origin}, database ${server.database}, data in ${server.dataDir}`);
  const expected = databaseUrl ? 'postgres' : 'pglite';
  if (server.database !== expected) log(`warning: expected ${expected}, the server reports "${server.database}"`);
  try {
    const { concurrency, ceremonies: n, warmupCeremonies: w, unloadedCeremonies: u, blocks } = SETTINGS;
    const cpu = () => server.cpuSeconds();
    const health = (count: number, c: number) =>
      closedLoop({ items: Array.from({ length: count }, (_, i) => i), concurrency: c, port: server.port, expectStatus: 200, serverCpuSeconds: cpu, databaseCpuSeconds: databaseCpu, send: (client) => client.request('GET', '/api/health') });
    const complete = (items: PreparedCeremony[], c: number) =>
      closedLoop({ items, concurrency: c, port: server.port, expectStatus: 201, serverCpuSeconds: cpu, databaseCpuSeconds: databaseCpu, send: completeRequest });

    log('warming up /api/health');
    await health(1000, concurrency);

    log(`preparing ${w + n + u} signing requests through the API (concurrency ${SETTINGS.setupConcurrency})`);
    let setupCpu = cpu();
    const { pending, timings } = await prepareRequests({
      port: server.port,
      apiKey: server.apiKey,
      origin: server.origin,
      rpId: 'localhost',
      count: w + n + u,
      requestsPerSigner: SETTINGS.requestsPerSigner,
      concurrency: SETTINGS.setupConcurrency,
      documentBytes: SETTINGS.documentBytes,
      log,
    });
    let setupServerCpuSeconds = cpu() - setupCpu;
    // Signing challenges expire after 5 minutes: each batch gets its own just before it is measured.
    const ready = async (batch: PendingCeremony[]): Promise<PreparedCeremony[]> => {
      const t = performance.now();
      setupCpu = cpu();
      const prepared = await issueChallenges(server.port, batch, SETTINGS.setupConcurrency);
      setupServerCpuSeconds += cpu() - setupCpu;
      timings.challengeSeconds += (performance.now() - t) / 1000;
      return prepared;
    };
    const warm = pending.slice(0, w);
    const measured = pending.slice(w, w + n);
    const unloaded = pending.slice(w + n);

    log(`warming up completeSigning with ${w}`);
    const warmup = await complete(await ready(warm), concurrency);

    const healthParts: LoadResult[] = [];
    const completeParts: LoadResult[] = [];
    for (let b = 0; b < blocks; b++) {
      const batch = await ready(measured.slice(Math.floor((b * n) / blocks), Math.floor(((b + 1) * n) / blocks)));
      healthParts.push(await health(batch.length, concurrency));
      completeParts.push(await complete(batch, concurrency));
      log(`block ${b + 1}/${blocks}: health ${healthParts.at(-1)?.perSecond.toFixed(0)}/s, completeSigning ${completeParts.at(-1)?.perSecond.toFixed(0)}/s`);
    }
    log('unloaded latency (concurrency 1)');
    const unloadedBatch = await ready(unloaded);
    const health1 = await health(u, 1);
    const complete1 = await complete(unloadedBatch, 1);

    const results: HttpResults = {
      build,
      database: server.database,
      profiled: profile,
      settings: {
        concurrency,
        ceremonies: n,
        warmup: w,
        unloaded: u,
        blocks,
        setupConcurrency: SETTINGS.setupConcurrency,
        documentBytes: SETTINGS.documentBytes,
        requestsPerSigner: SETTINGS.requestsPerSigner,
      },
      setup: { ...timings, serverCpuSeconds: setupServerCpuSeconds, ceremonies: pending.length },
      warmup,
      health: mergeLoad(healthParts),
      complete: mergeLoad(completeParts),
      health1,
      complete1,
    };
    await server.stop();
    log('server stopped');
    if (profileDir) {
      const file = profileIn(profileDir);
      if (!file) throw new Error(`the server wrote no CPU profile to ${profileDir}`);
      log(`analysing the server's CPU profile (${keepProfile ? file : path.basename(file)})`);
      if (keepProfile) {
        const windows = { complete: results.complete.windows, health: results.health.windows, complete1: results.complete1.windows, health1: results.health1.windows };
        await writeFile(path.join(profileDir, 'windows.json'), JSON.stringify(windows));
      }
      results.profile = {
        complete: analyzeProfile(file, results.complete.windows, { root }),
        health: analyzeProfile(file, results.health.windows, { root }),
      };
    }
    return results;
  } catch (e) {
    console.error(`[bench] server log (tail):\n${server.log().split('\n').slice(-30).join('\n')}`);
    throw e;
  } finally {
    await server.stop();
    await tempPg?.stop();
    if (profileDir && !keepProfile) await rm(profileDir, { recursive: true, force: true });
    profileCleanup?.release();
  }
}

async function main(): Promise<void> {
  const started = performance.now();
  const cpus = os.cpus();
  const results: BenchResults = {
    date: new Date(),
    quick,
    machine: {
      nproc: os.availableParallelism(),
      cpuModel: cpus[0]?.model ?? 'unknown',
      node: process.version,
      platform: `${os.type()} ${os.release()} ${os.arch()}`,
      memGiB: os.totalmem() / 1024 ** 3,
      loadStart: os.loadavg(),
      loadEnd: [],
    },
    settings: { ...SETTINGS },
    hashing: [],
    durationSeconds: 0,
  };
  if (!flag('--skip-hash')) {
    for (const chunkBytes of SETTINGS.hashChunkSizes) {
      log(`ingest hashing: ${SETTINGS.hashTotalBytes / 1024 ** 2} MiB in ${chunkBytes / 1024} KiB chunks, ${SETTINGS.hashRounds} rounds`);
      results.hashing.push(await runHashBench({ totalBytes: SETTINGS.hashTotalBytes, chunkBytes, rounds: SETTINGS.hashRounds, log }));
    }
  }
  if (!flag('--skip-http')) results.http = await benchHttp();
  let ledger: LedgerResults | undefined;
  if (!flag('--skip-ledger')) ledger = await runLedgerBench(LEDGER_SETTINGS, log);
  if (!flag('--skip-pki')) results.countersign = await runCountersignBench({ rounds: quick ? 20 : 200, payloadBytes: 2048, log });
  results.machine.loadEnd = os.loadavg();
  results.durationSeconds = (performance.now() - started) / 1000;

  const report = renderReport(results, ledger ? ledgerSection(ledger) : []);
  if (outFile) {
    await writeFile(outFile, report);
    log(`wrote ${path.relative(process.cwd(), outFile)} in ${results.durationSeconds.toFixed(0)} s`);
  } else {
    console.log(report);
  }
}

main().catch((e: unknown) => {
  console.error('[bench] failed:', e);
  process.exit(1);
});

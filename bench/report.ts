import { countersignSection, type CountersignResult } from './countersign';
import type { HashChunkResult, HashVariant } from './hashing';
import { VARIANT_LABELS } from './hashing';
import type { LoadResult } from './http-load';
import type { ProfileBreakdown } from './profile';
import type { BuildInfo } from './server';
import type { SetupTimings } from './signing';
import { fmt, pct } from './stats';

/** Renders docs/benchmarks.md from one run's results. */

export interface HttpResults {
  build: BuildInfo;
  database: string;
  profiled: boolean;
  settings: {
    concurrency: number;
    ceremonies: number;
    warmup: number;
    unloaded: number;
    blocks: number;
    setupConcurrency: number;
    documentBytes: number;
    requestsPerSigner: number;
  };
  setup: SetupTimings & { serverCpuSeconds: number; ceremonies: number };
  warmup: LoadResult;
  health: LoadResult;
  complete: LoadResult;
  health1: LoadResult;
  complete1: LoadResult;
  profile?: { complete: ProfileBreakdown; health: ProfileBreakdown };
}

export interface BenchResults {
  date: Date;
  quick: boolean;
  machine: { nproc: number; cpuModel: string; node: string; platform: string; memGiB: number; loadStart: number[]; loadEnd: number[] };
  settings: { hashTotalBytes: number; hashRounds: number };
  hashing: HashChunkResult[];
  http?: HttpResults;
  countersign?: CountersignResult;
  durationSeconds: number;
}

export const GOALS = {
  hashRatio: 0.9,
  completePerSecond: 1000,
  completeP99Ms: 50,
};

const load = (l: number[]) => l.map((v) => v.toFixed(2)).join(' / ');
const yes = (ok: boolean) => (ok ? '**met**' : '**not met**');
const ms = (v: number) => `${fmt(v, 1)} ms`;

function hashSection(results: BenchResults): string[] {
  if (results.hashing.length === 0) return [];
  const total = results.settings.hashTotalBytes;
  const size = total >= 1024 ** 3 ? `${total / 1024 ** 3} GiB` : `${total / 1024 ** 2} MiB`;
  const out = [
    '## 1. Ingest hashing',
    '',
    `A ${size} stream generated in memory (one random chunk pushed again and again, so producing it costs next to nothing) is consumed three ways: ` +
      '(a) plain `createHash("sha256")` in a `for await` loop, the **baseline**; (b) the `HashingMeter` transform of `lib/storage/blob-store.ts` alone, piped into a sink that discards; ' +
      '(c) the whole `BlobStore.put` into a temporary directory (hash + write to disk + rename into place). ' +
      `Each variant ran ${results.settings.hashRounds} times, interleaved (a, b, c, a, b, c, …) after a 64 MiB warm-up of each. ` +
      '**Ratios to the baseline are the median over the rounds of the ratio within each round** (a, b and c of one round run back to back, so each round compares them under nearly the same conditions, which matters on a shared machine); both wall-clock and CPU-time ratios are given. ' +
      'MB/s are shown as the best and the median run. MB = 10^6 bytes. "CPU" divides by the CPU time of the whole bench process (all threads, so the file writes of (c) count).',
    '',
    '| Chunk size | Variant | MB/s (best) | MB/s (median) | MB per CPU-second (median) | vs. (a), wall clock | vs. (a), CPU time |',
    '|---|---|--:|--:|--:|--:|--:|',
  ];
  for (const r of results.hashing) {
    for (const v of ['baseline', 'meter', 'blobStore'] as HashVariant[]) {
      const x = r.variants[v];
      const isBase = v === 'baseline';
      out.push(
        `| ${r.chunkBytes / 1024} KiB | ${VARIANT_LABELS[v]} | ${fmt(x.bestMBps, 0)} | ${fmt(x.medianMBps, 0)} | ${fmt(x.medianMBperCpuS, 0)} | ${isBase ? '1.000 (baseline)' : x.ratio.toFixed(3)} | ${isBase ? '1.000 (baseline)' : x.cpuRatio.toFixed(3)} |`,
      );
    }
  }
  out.push('', `**Goal: the hashing path (b) at ≥ ${pct(GOALS.hashRatio)} of plain \`createHash\` (a).**`, '');
  for (const r of results.hashing) {
    const { meter, blobStore } = r.variants;
    out.push(
      `- ${r.chunkBytes / 1024} KiB chunks: HashingMeter runs at ${pct(meter.ratio)} of plain SHA-256 (${pct(meter.cpuRatio)} by CPU time): ${yes(meter.ratio >= GOALS.hashRatio)}. ` +
        `The full BlobStore.put, which also writes every byte to disk, runs at ${pct(blobStore.ratio)} (${pct(blobStore.cpuRatio)} by CPU time).`,
    );
  }
  const slowestPut = Math.min(...results.hashing.map((r) => r.variants.blobStore.medianMBps));
  const others = results.hashing.reduce((sum, r) => sum + r.othersCpuSeconds, 0) / results.hashing.reduce((sum, r) => sum + r.seconds, 0);
  out.push(
    '',
    `For scale: uploads are capped by \`UPLOAD_MAX_BYTES\` (100 MB by default), so at ${fmt(slowestPut, 0)} MB/s storing the largest accepted upload takes about ${fmt(100 / slowestPut, 2)} s. ` +
      'HTTP request bodies reach `BlobStore.put` in chunks of tens of KiB, which is why the 64 KiB rows are shown as well. ' +
      `Other processes on the machine used ${fmt(others, 2)} of the ${results.machine.nproc} cores on average while these rounds ran.`,
    '',
  );
  return out;
}

function loadRow(name: string, r: LoadResult, base?: LoadResult): string {
  const ok = Object.entries(r.statuses)
    .map(([k, v]) => `${v}× ${k === '0' ? 'network error' : k}`)
    .join(', ');
  return `| ${name} | ${r.concurrency} | ${fmt(r.count, 0)} | ${fmt(r.perSecond, 0)} | ${base ? (r.perSecond / base.perSecond).toFixed(3) : '1.000 (baseline)'} | ${ms(r.latency.p50)} | ${ms(r.latency.p90)} | ${ms(r.latency.p99)} | ${ms(r.latency.max)} | ${fmt(r.serverCpuMsPerRequest, 2)} ms | ${Number.isNaN(r.databaseCpuMsPerRequest) ? '(in the server)' : `${fmt(r.databaseCpuMsPerRequest, 2)} ms`} | ${ok} |`;
}

function profileSection(h: HttpResults): string[] {
  const p = h.profile;
  if (!p) return [];
  const perRequest = (b: ProfileBreakdown, r: LoadResult, name: string) => {
    const found = b.components.find((x) => x.name === name);
    return found ? found.ms / r.count : 0;
  };
  const names = [...new Set([...p.complete.components, ...p.health.components].map((c) => c.name))];
  names.sort((a, b) => perRequest(p.complete, h.complete, b) - perRequest(p.complete, h.complete, a));
  const out = [
    '### Where the server spends its CPU',
    '',
    `The server ran under the V8 sampling profiler (\`node --cpu-prof\`, 1 ms interval; its cost is included in every figure above, for the baseline as much as for completeSigning). ` +
      'Samples taken during the measured blocks are split by component; frames inside the Next.js build are mapped back to their source through the build\'s source maps, and a Node.js or V8 builtin counts for the library that called it. ' +
      'This covers the server\'s main thread only (the JavaScript event loop, which also runs the PGlite WebAssembly); work on libuv\'s thread pool (file system, WebCrypto) is not sampled.',
    '',
    '| Component | completeSigning: ms per request | share | health: ms per request | share |',
    '|---|--:|--:|--:|--:|',
  ];
  for (const name of names) {
    const c = p.complete.components.find((x) => x.name === name);
    const b = p.health.components.find((x) => x.name === name);
    out.push(`| ${name} | ${fmt((c?.ms ?? 0) / h.complete.count, 2)} | ${pct(c?.share ?? 0)} | ${fmt((b?.ms ?? 0) / h.health.count, 2)} | ${pct(b?.share ?? 0)} |`);
  }
  out.push(
    `| **Sampled busy time** | **${fmt(p.complete.busyMs / h.complete.count, 2)}** | | **${fmt(p.health.busyMs / h.health.count, 2)}** | |`,
    '',
    'Hottest functions (self time) during the completeSigning blocks:',
    '',
    '| Function — source | ms per request | share |',
    '|---|--:|--:|',
    ...p.complete.topFunctions.map((f) => `| ${f.name.replace(/\|/g, '\\|')} | ${fmt(f.ms / h.complete.count, 3)} | ${pct(f.share)} |`),
    '',
  );
  return out;
}

function httpSection(h: HttpResults): string[] {
  const s = h.settings;
  const c = h.complete;
  const allCreated = (c.statuses[201] ?? 0) === c.count && (h.complete1.statuses[201] ?? 0) === h.complete1.count && (h.warmup.statuses[201] ?? 0) === h.warmup.count;
  const serverBusy = c.serverCpuSeconds / c.seconds;
  const ceiling = 1000 / c.serverCpuMsPerRequest;
  const out = [
    '## 2. completeSigning over HTTP',
    '',
    `Production build (\`next start\`, build ${h.build.buildId}${h.build.built ? ', built by this run' : `, built ${h.build.builtAt.toISOString()}`}) on a free port with \`ORIGIN=http://localhost:<port>\`, a fresh \`DATA_DIR\` and default settings; \`/api/health\` reported database \`${h.database}\`${h.database === 'pglite' ? ' (the embedded PGlite, on disk in DATA_DIR, inside the server process)' : ''}. ` +
      'Everything goes through the HTTP API, from a separate Node.js process on the same machine over keep-alive HTTP/1.1 connections (node:http).',
    '',
    `- **Setup** (not part of the figures): one ${fmt(s.documentBytes / 1024, 0)} KiB document upload, then ${fmt(h.setup.ceremonies, 0)} signing requests for ${fmt(h.setup.signers, 0)} signers with distinct e-mails, ${s.requestsPerSigner} requests each ` +
      '(returning signers: each registers one passkey with their first request and reuses it). The passkey is the software P-256 authenticator of `test/support/soft-authenticator.ts` and, like synced passkeys, reports signature counter 0. ' +
      'Per signer: create request → begin → register; per other request: create request. Then, batch by batch just before each batch is measured (signing challenges expire after 5 minutes): begin → assertion precomputed over the signing challenge (origin = ORIGIN, RP ID localhost). ' +
      `At concurrency ${s.setupConcurrency} this took ${fmt(h.setup.registerSeconds, 1)} s for the registrations, ${fmt(h.setup.createSeconds, 1)} s for the other requests and ${fmt(h.setup.challengeSeconds, 1)} s for the signing challenges (server CPU ${fmt(h.setup.serverCpuSeconds, 1)} s in all).`,
    `- **Warm-up**: 1,000 health requests and ${fmt(h.warmup.count, 0)} completeSigning at concurrency ${h.warmup.concurrency} before measuring (the completeSigning warm-up ran at ${fmt(h.warmup.perSecond, 0)}/s).`,
    `- **Measured**: ${fmt(c.count, 0)} × \`POST /api/ceremonies/{token}/complete\` at a fixed concurrency of ${s.concurrency} (closed loop), in ${s.blocks} blocks, each following a block of as many \`GET /api/health\` requests on the same server: that is the **baseline**, the floor of HTTP + Next.js + one PGlite \`SELECT 1\`. ` +
      `Then ${fmt(h.complete1.count, 0)} of each at concurrency 1, for the latency of a lone request.`,
    `- Every completeSigning answer must be 201: ${allCreated ? 'all were.' : '**some were not**, see the answers column.'}`,
    '',
    '| Request | Concurrency | Requests | Requests/s | vs. health | p50 | p90 | p99 | max | Server CPU per request | PostgreSQL CPU per request | Answers |',
    '|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|',
    loadRow('`GET /api/health` (baseline)', h.health),
    loadRow('`POST …/complete` (completeSigning)', c, h.health),
    loadRow('`GET /api/health` (baseline)', h.health1),
    loadRow('`POST …/complete` (completeSigning)', h.complete1, h.health1),
    '',
  ];
  const failure = c.firstFailure ?? h.complete1.firstFailure ?? h.warmup.firstFailure;
  if (failure) out.push(`First unexpected answer: \`${failure.replace(/`/g, "'")}\``, '');
  const perSecondOk = c.perSecond >= GOALS.completePerSecond;
  const p99Ok = c.latency.p99 < GOALS.completeP99Ms;
  out.push(
    `**Goal: ≥ ${fmt(GOALS.completePerSecond, 0)} completeSigning/s with p99 < ${GOALS.completeP99Ms} ms on 2 cores.**`,
    '',
    `- Throughput: ${fmt(c.perSecond, 0)}/s at concurrency ${s.concurrency}, ${pct(c.perSecond / GOALS.completePerSecond)} of the goal: ${yes(perSecondOk)}. The health floor on the same server is ${fmt(h.health.perSecond, 0)}/s, so completeSigning runs at ${pct(c.perSecond / h.health.perSecond)} of the rate at which this server answers a request that does next to nothing` +
      `${h.health.perSecond < GOALS.completePerSecond ? `; that floor itself is ${pct(h.health.perSecond / GOALS.completePerSecond)} of the goal` : ''}.`,
    `- p99 latency: ${ms(c.latency.p99)} at concurrency ${s.concurrency}: ${yes(p99Ok)}. A lone request (concurrency 1): p50 ${ms(h.complete1.latency.p50)}, p99 ${ms(h.complete1.latency.p99)}.`,
    `- Server CPU: ${fmt(c.serverCpuMsPerRequest, 2)} ms per completeSigning vs. ${fmt(h.health.serverCpuMsPerRequest, 2)} ms per health check (from /proc, all of the server's threads). During the measured completeSigning blocks the server process used ${pct(serverBusy)} of one core; ` +
      `its JavaScript, the PGlite WebAssembly database and the route handlers share one event-loop thread, so at ${fmt(c.serverCpuMsPerRequest, 2)} ms per request one server process tops out near ${fmt(ceiling, 0)} completeSigning/s even on an idle machine. ` +
      `The load generator used ${fmt(c.clientCpuSeconds / c.seconds, 2)} CPU-seconds per second of the run.`,
    '',
    ...profileSection(h),
  );
  if (h.build.newerSources.length > 0) {
    out.push(
      `> Note: ${h.build.newerSources.length} source file(s) under app/, lib/ or db/ changed after this build (e.g. ${h.build.newerSources.slice(0, 4).map((f) => `\`${f}\``).join(', ')}), so the server measured may lag the working tree. Run \`node_modules/.bin/next build\` first to measure exactly the working tree.`,
      '',
    );
  }
  return out;
}

function summarySection(results: BenchResults): string[] {
  const out = ['## Summary', '', '| Figure | Measured | Baseline (same run) | Ratio to baseline | Goal | Goal met? |', '|---|--:|--:|--:|---|---|'];
  for (const r of results.hashing) {
    const { baseline, meter, blobStore } = r.variants;
    const k = `${r.chunkBytes / 1024} KiB chunks`;
    out.push(
      `| HashingMeter, ${k} | ${fmt(meter.medianMBps, 0)} MB/s | plain createHash: ${fmt(baseline.medianMBps, 0)} MB/s | ${pct(meter.ratio)} (by CPU time: ${pct(meter.cpuRatio)}) | ≥ ${pct(GOALS.hashRatio)} | ${yes(meter.ratio >= GOALS.hashRatio)} |`,
      `| BlobStore.put (hash + disk), ${k} | ${fmt(blobStore.medianMBps, 0)} MB/s | plain createHash: ${fmt(baseline.medianMBps, 0)} MB/s | ${pct(blobStore.ratio)} (by CPU time: ${pct(blobStore.cpuRatio)}) | (reported only) | — |`,
    );
  }
  const h = results.http;
  if (h) {
    const c = h.complete;
    out.push(
      `| completeSigning throughput, concurrency ${c.concurrency} | ${fmt(c.perSecond, 0)}/s | GET /api/health: ${fmt(h.health.perSecond, 0)}/s | ${pct(c.perSecond / h.health.perSecond)} | ≥ ${fmt(GOALS.completePerSecond, 0)}/s | ${yes(c.perSecond >= GOALS.completePerSecond)} (${pct(c.perSecond / GOALS.completePerSecond)} of it) |`,
      `| completeSigning p99 latency, concurrency ${c.concurrency} | ${ms(c.latency.p99)} | GET /api/health p99: ${ms(h.health.latency.p99)} | ${(c.latency.p99 / h.health.latency.p99).toFixed(2)}× | < ${GOALS.completeP99Ms} ms | ${yes(c.latency.p99 < GOALS.completeP99Ms)} |`,
      `| completeSigning p99 latency, concurrency 1 | ${ms(h.complete1.latency.p99)} | GET /api/health p99: ${ms(h.health1.latency.p99)} | ${(h.complete1.latency.p99 / h.health1.latency.p99).toFixed(2)}× | (reported only) | — |`,
      `| Server CPU per completeSigning | ${fmt(c.serverCpuMsPerRequest, 2)} ms | per health check: ${fmt(h.health.serverCpuMsPerRequest, 2)} ms | ${(c.serverCpuMsPerRequest / h.health.serverCpuMsPerRequest).toFixed(1)}× | (≤ 1 ms implied by 1,000/s in one process) | — |`,
    );
  }
  out.push('', ...readingSection(results), '');
  return out;
}

function readingSection(results: BenchResults): string[] {
  const out = ['### Reading', ''];
  if (results.hashing.length > 0) {
    const worst = Math.min(...results.hashing.map((r) => r.variants.meter.ratio));
    const putWorstRun = results.hashing.reduce((a, b) => (b.variants.blobStore.ratio < a.variants.blobStore.ratio ? b : a));
    const putWorst = putWorstRun.variants.blobStore.ratio;
    const putCpuWorst = Math.min(...results.hashing.map((r) => r.variants.blobStore.cpuRatio));
    out.push(
      `- **Hashing**: ${worst >= GOALS.hashRatio ? `the HashingMeter transform keeps up with plain SHA-256 (at worst ${pct(worst)}): metering, the size limit and the stream plumbing cost next to nothing next to SHA-256 itself.` : `the HashingMeter transform reaches only ${pct(worst)} of plain SHA-256 in its worst case, below the ${pct(GOALS.hashRatio)} goal.`} ` +
        `BlobStore.put also writes every byte to disk and reaches ${pct(putWorst)} of the baseline at worst by wall clock (${putWorstRun.chunkBytes / 1024} KiB chunks): the file writes (an fs.write per chunk through libuv's thread pool, copying into the page cache) add up to ${pct(1 / putCpuWorst - 1)} CPU on top of the hashing.`,
    );
  }
  const h = results.http;
  if (h) {
    const c = h.complete;
    const perRequestCeiling = 1000 / c.serverCpuMsPerRequest;
    out.push(
      `- **completeSigning** is far from the goal: ${fmt(c.perSecond, 0)}/s against ${fmt(GOALS.completePerSecond, 0)}/s, p99 ${ms(c.latency.p99)} against ${GOALS.completeP99Ms} ms. ` +
        `It is not a matter of the load or of this run: each completeSigning costs the server ${fmt(c.serverCpuMsPerRequest, 1)} ms of CPU, and the server is one Node.js process whose single event-loop thread also runs the embedded PGlite database, so it cannot pass ≈ ${fmt(perRequestCeiling, 0)}/s on any number of cores; ` +
        `at a fixed concurrency of ${c.concurrency} the latency is then the queue (≈ ${c.concurrency} × ${fmt(1000 / c.perSecond, 0)} ms), hence the p99. A lone request takes p50 ${ms(h.complete1.latency.p50)}.`,
      `- **The framework floor alone is below the goal**: \`GET /api/health\` (one \`SELECT 1\`) costs ${fmt(h.health.serverCpuMsPerRequest, 2)} ms of server CPU and tops out at ${fmt(h.health.perSecond, 0)}/s here, so even a completeSigning as cheap as a health check would not reach ${fmt(GOALS.completePerSecond, 0)}/s in one process on this machine.`,
    );
    const p = h.profile;
    if (p) {
      const share = (b: ProfileBreakdown, prefix: string) => b.components.filter((x) => x.name.startsWith(prefix)).reduce((sum, x) => sum + x.ms, 0);
      const pglite = share(p.complete, 'PGlite');
      const pgliteHealth = share(p.health, 'PGlite');
      const nextMs = share(p.complete, 'Next.js');
      const nextHealth = share(p.health, 'Next.js');
      const drizzle = share(p.complete, 'drizzle-orm');
      const webauthn = share(p.complete, 'SimpleWebAuthn');
      const busy = p.complete.busyMs;
      const per = (x: number) => `${fmt(x / c.count, 1)} ms`;
      out.push(
        `- **Where the CPU goes** (profile below): PGlite ${pct(pglite / busy)} of the sampled time, ${per(pglite)} per completeSigning, as much as ${fmt(pglite / c.count / (pgliteHealth / h.health.count), 0)} health-check \`SELECT 1\`s (${fmt(pgliteHealth / h.health.count, 2)} ms each): completeSigning issues ten-odd SQL statements (look-ups of the request, the challenge and the credential, the challenge's conditional UPDATE, a transaction of writes, a NOTIFY; see lib/signing/complete-signing.ts), each a round trip through PGlite's wire protocol and result parsing as well as PostgreSQL itself; ` +
          `Next.js ${pct(nextMs / busy)} (${per(nextMs)}, about what a health check spends in it: ${fmt(nextHealth / h.health.count, 1)} ms); drizzle-orm ${pct(drizzle / busy)} (${per(drizzle)}); SimpleWebAuthn verification only ${pct(webauthn / busy)} (${per(webauthn)}). ` +
          'The document re-hash is in begin, not complete, and does not show here.',
        `- **What it would take** (not done here): the embedded database is the largest single cost and pins everything to one thread. With \`DATABASE_URL\` (PostgreSQL) the SQL work leaves the Node.js process and several app processes can share the cores, but the two cores would then also run PostgreSQL, and the Next.js floor above still applies per request. ` +
          `Fewer statements per signing (e.g. folding the request and challenge look-ups into the transaction) would cut the PGlite share roughly in proportion. ` +
          `Even so, ${fmt(GOALS.completePerSecond, 0)}/s with p99 < ${GOALS.completeP99Ms} ms on 2 cores means ≲ 2 ms of CPU per signing all-in, ${fmt(c.serverCpuMsPerRequest / 2, 0)}× below today's figure.`,
      );
    }
    const others = c.othersCpuSeconds / c.seconds;
    const steal = c.stealSeconds / c.seconds;
    out.push(
      `- **Noise**: other processes used ${fmt(others, 2)} of the ${results.machine.nproc} cores on average during the measured completeSigning blocks${steal > 0.01 ? ` (plus ${fmt(steal, 2)} cores of hypervisor steal)` : ''}, and the server got ${pct(c.serverCpuSeconds / c.seconds)} of one core while it always had requests waiting. ` +
        (others > 0.3
          ? `${c.serverCpuSeconds / c.seconds >= 0.95 ? 'The server still had a full core, so its rate is close to what one process can do on this CPU, though sharing the machine can inflate CPU time per request; ' : 'Absolute rates are therefore pessimistic; '}the per-request CPU figures and the same-run ratios are the ones to compare between runs.`
          : 'The machine was otherwise quiet.'),
    );
  }
  return out;
}

export function renderReport(results: BenchResults, extra: string[] = []): string {
  const m = results.machine;
  const out = [
    '# Benchmarks',
    '',
    `Generated by \`npm run bench\` (\`bench/run.ts\`) on ${results.date.toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC')}${results.quick ? ' — **quick run: reduced sizes, not representative**' : ''}. Do not edit by hand: the next run overwrites this file.`,
    '',
    'Speed goals are reported as ratios against a baseline measured in the same run on the same machine, never as pass/fail timed tests. ' +
      '`npm run bench` rewrites this file (a few minutes on 2 cores); `npm run bench -- --quick` runs reduced sizes and only prints; `-- --no-profile` runs the server without the sampling profiler; `-- --skip-hash` / `-- --skip-http` run one part.',
    '',
    '## Machine',
    '',
    `- CPU: ${m.nproc} cores available (\`nproc\`), ${m.cpuModel}`,
    `- Memory: ${fmt(m.memGiB, 1)} GiB; ${m.platform}`,
    `- Node.js ${m.node}`,
    `- Load average (1/5/15 min) at start ${load(m.loadStart)}, at end ${load(m.loadEnd)} (the bench's own two processes count for up to 2 of it while it runs)${(m.loadStart[0] ?? 0) > 0.5 ? '; other work was already running when the bench started' : ''}.`,
    `- Whole bench: ${fmt(results.durationSeconds, 0)} s.`,
    '',
    ...summarySection(results),
    ...hashSection(results),
    ...(results.http ? httpSection(results.http) : []),
    ...(results.countersign ? countersignSection(results.countersign) : []),
    ...extra,
  ];
  return `${out.join('\n').trimEnd()}\n`;
}

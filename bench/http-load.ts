import http from 'node:http';
import { systemCpu } from './server';
import { summarize, type LatencySummary } from './stats';

/**
 * A lean keep-alive HTTP/1.1 client on node:http (lighter on the shared 2 cores than fetch), and a
 * closed-loop load runner: `concurrency` workers, each sending its next request as soon as the
 * previous one's response body has arrived.
 */

export interface HttpResponse {
  status: number;
  body: string;
  ms: number;
}

export interface RequestOptions {
  body?: string | Buffer;
  headers?: Record<string, string>;
}

export class HttpClient {
  private readonly agent: http.Agent;

  constructor(
    private readonly port: number,
    maxSockets: number,
    /** Sent with every request (e.g. the bench's API key), under the request's own headers. */
    private readonly defaultHeaders: Record<string, string> = {},
  ) {
    this.agent = new http.Agent({ keepAlive: true, maxSockets, maxFreeSockets: maxSockets });
  }

  request(method: string, path: string, options: RequestOptions = {}): Promise<HttpResponse> {
    return new Promise((resolve, reject) => {
      const headers: Record<string, string | number> = { ...this.defaultHeaders, ...options.headers };
      if (options.body !== undefined) headers['content-length'] = Buffer.byteLength(options.body);
      const t0 = performance.now();
      const req = http.request({ host: '127.0.0.1', port: this.port, method, path, agent: this.agent, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), ms: performance.now() - t0 }));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(options.body);
    });
  }

  /** JSON request expecting one status; throws with the server's answer otherwise. */
  async json<T>(method: string, path: string, body: unknown, expectStatus: number): Promise<T> {
    const res = await this.request(method, path, body === undefined ? {} : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
    if (res.status !== expectStatus) throw new Error(`${method} ${path}: expected HTTP ${expectStatus}, got ${res.status}: ${res.body.slice(0, 500)}`);
    return JSON.parse(res.body) as T;
  }

  close(): void {
    this.agent.destroy();
  }
}

export interface LoadResult {
  count: number;
  concurrency: number;
  seconds: number;
  perSecond: number;
  latency: LatencySummary;
  latenciesMs: number[];
  /** Responses by HTTP status. */
  statuses: Record<number, number>;
  /** First unexpected response, for the report. */
  firstFailure?: string;
  /** CPU seconds the server used during the run, and per request (ms). */
  serverCpuSeconds: number;
  serverCpuMsPerRequest: number;
  /** CPU seconds the database server (PostgreSQL, all its processes) used during the run; NaN for the embedded PGlite (inside the server). */
  databaseCpuSeconds: number;
  databaseCpuMsPerRequest: number;
  /** CPU seconds this (client) process used during the run. */
  clientCpuSeconds: number;
  /** CPU seconds everything else on the machine used during the run, and hypervisor steal. */
  othersCpuSeconds: number;
  stealSeconds: number;
  /** When the timed part ran, in CLOCK_MONOTONIC microseconds (the server's profiler clock). */
  windows: { startUs: number; endUs: number }[];
}

const nowUs = () => Number(process.hrtime.bigint() / 1000n);

export interface LoadOptions<T> {
  items: readonly T[];
  concurrency: number;
  port: number;
  send: (client: HttpClient, item: T) => Promise<HttpResponse>;
  expectStatus: number;
  serverCpuSeconds: () => number;
  /** CPU seconds of a separate database server so far, when there is one. */
  databaseCpuSeconds?: () => number;
}

export async function closedLoop<T>(options: LoadOptions<T>): Promise<LoadResult> {
  const { items, concurrency, send, expectStatus } = options;
  const client = new HttpClient(options.port, concurrency);
  const latencies: number[] = [];
  const statuses: Record<number, number> = {};
  let firstFailure: string | undefined;
  let next = 0;
  try {
    // Open the connections before the clock starts, so the run measures requests, not handshakes.
    await Promise.all(Array.from({ length: concurrency }, () => client.request('GET', '/api/health')));
    const server0 = options.serverCpuSeconds();
    const database0 = options.databaseCpuSeconds?.() ?? Number.NaN;
    const client0 = process.cpuUsage();
    const system0 = systemCpu();
    const t0 = performance.now();
    const startUs = nowUs();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        for (;;) {
          const i = next++;
          if (i >= items.length) return;
          let res: HttpResponse;
          try {
            res = await send(client, items[i] as T);
          } catch (e) {
            statuses[0] = (statuses[0] ?? 0) + 1;
            firstFailure ??= `request ${i}: ${(e as Error).message}`;
            continue;
          }
          latencies.push(res.ms);
          statuses[res.status] = (statuses[res.status] ?? 0) + 1;
          if (res.status !== expectStatus) firstFailure ??= `request ${i}: HTTP ${res.status}: ${res.body.slice(0, 300)}`;
        }
      }),
    );
    const endUs = nowUs();
    const seconds = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(client0);
    const system1 = systemCpu();
    const serverCpuSeconds = options.serverCpuSeconds() - server0;
    const databaseCpuSeconds = (options.databaseCpuSeconds?.() ?? Number.NaN) - database0;
    const clientCpuSeconds = (cpu.user + cpu.system) / 1e6;
    return {
      count: items.length,
      concurrency,
      seconds,
      perSecond: items.length / seconds,
      latency: summarize(latencies),
      latenciesMs: latencies,
      statuses,
      firstFailure,
      serverCpuSeconds,
      serverCpuMsPerRequest: (serverCpuSeconds * 1000) / items.length,
      databaseCpuSeconds,
      databaseCpuMsPerRequest: (databaseCpuSeconds * 1000) / items.length,
      clientCpuSeconds,
      othersCpuSeconds: Math.max(0, system1.busySeconds - system0.busySeconds - serverCpuSeconds - clientCpuSeconds - (Number.isNaN(databaseCpuSeconds) ? 0 : databaseCpuSeconds)),
      stealSeconds: system1.stealSeconds - system0.stealSeconds,
      windows: [{ startUs, endUs }],
    };
  } finally {
    client.close();
  }
}

/** Combines runs of the same kind (e.g. interleaved blocks) into one result. */
export function mergeLoad(parts: readonly LoadResult[]): LoadResult {
  const first = parts[0];
  if (!first) throw new Error('mergeLoad: nothing to merge');
  const sum = (f: (r: LoadResult) => number) => parts.reduce((s, r) => s + f(r), 0);
  const count = sum((r) => r.count);
  const seconds = sum((r) => r.seconds);
  const latenciesMs = parts.flatMap((r) => r.latenciesMs);
  const statuses: Record<number, number> = {};
  for (const r of parts) for (const [k, v] of Object.entries(r.statuses)) statuses[Number(k)] = (statuses[Number(k)] ?? 0) + v;
  const serverCpuSeconds = sum((r) => r.serverCpuSeconds);
  const databaseCpuSeconds = sum((r) => r.databaseCpuSeconds);
  return {
    count,
    concurrency: first.concurrency,
    seconds,
    perSecond: count / seconds,
    latency: summarize(latenciesMs),
    latenciesMs,
    statuses,
    firstFailure: parts.find((r) => r.firstFailure)?.firstFailure,
    serverCpuSeconds,
    serverCpuMsPerRequest: (serverCpuSeconds * 1000) / count,
    databaseCpuSeconds,
    databaseCpuMsPerRequest: (databaseCpuSeconds * 1000) / count,
    clientCpuSeconds: sum((r) => r.clientCpuSeconds),
    othersCpuSeconds: sum((r) => r.othersCpuSeconds),
    stealSeconds: sum((r) => r.stealSeconds),
    windows: parts.flatMap((r) => r.windows),
  };
}

/** Runs `fn` over items with at most `concurrency` in flight; results in item order. */
export async function mapLimit<T, R>(items: readonly T[], concurrency: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      for (;;) {
        const i = next++;
        if (i >= items.length) return;
        out[i] = await fn(items[i] as T, i);
      }
    }),
  );
  return out;
}

import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { BlobStore, HashingMeter } from '@/lib/storage/blob-store';
import { removeOnExit, systemCpu } from './server';
import { median } from './stats';

/**
 * Ingest hashing: the same in-memory stream (one random chunk pushed over and over, so generating it
 * costs next to nothing) consumed by
 *   (a) plain createHash('sha256') in a for-await loop: the baseline, the cost of SHA-256 itself;
 *   (b) the HashingMeter transform alone, piped into a sink that discards;
 *   (c) BlobStore.put into a temporary directory: hash + write to disk + rename into place.
 */

export type HashVariant = 'baseline' | 'meter' | 'blobStore';

export const VARIANT_LABELS: Record<HashVariant, string> = {
  baseline: '(a) createHash("sha256") over the stream',
  meter: '(b) HashingMeter → discarding sink',
  blobStore: '(c) BlobStore.put (hash + write to temp dir)',
};

export interface HashRun {
  seconds: number;
  cpuSeconds: number;
}

export interface HashVariantResult {
  variant: HashVariant;
  runs: HashRun[];
  /** Median wall-clock MB/s (10^6 bytes per second) over the runs. */
  medianMBps: number;
  bestMBps: number;
  /** Median MB per CPU-second of this process (all threads; robust to a busy machine). */
  medianMBperCpuS: number;
  bestMBperCpuS: number;
  /**
   * Throughput relative to the baseline (a): the median over rounds of (a's time / this variant's
   * time) in the same round. Runs of one round are back to back, so each ratio compares runs made
   * under nearly the same conditions; wall clock and CPU time.
   */
  ratio: number;
  cpuRatio: number;
}

export interface HashChunkResult {
  chunkBytes: number;
  totalBytes: number;
  rounds: number;
  variants: Record<HashVariant, HashVariantResult>;
  /** Wall-clock seconds of the measured rounds, and CPU seconds other processes used meanwhile. */
  seconds: number;
  othersCpuSeconds: number;
}

/** A byte stream of `total` bytes made of one reused chunk. */
class RepeatingSource extends Readable {
  private sent = 0;

  constructor(
    private readonly chunk: Buffer,
    private readonly total: number,
  ) {
    super({ highWaterMark: chunk.length });
  }

  override _read(): void {
    if (this.sent >= this.total) {
      this.push(null);
      return;
    }
    const n = Math.min(this.chunk.length, this.total - this.sent);
    this.sent += n;
    this.push(n === this.chunk.length ? this.chunk : this.chunk.subarray(0, n));
  }
}

class DiscardSink extends Writable {
  override _write(_chunk: Buffer, _enc: BufferEncoding, done: (error?: Error | null) => void): void {
    done();
  }
}

async function runVariant(variant: HashVariant, chunk: Buffer, total: number, store: BlobStore): Promise<{ sha256: string; run: HashRun }> {
  const source = new RepeatingSource(chunk, total);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let sha256: string;
  switch (variant) {
    case 'baseline': {
      const hash = createHash('sha256');
      for await (const c of source) hash.update(c as Buffer);
      sha256 = hash.digest('hex');
      break;
    }
    case 'meter': {
      const meter = new HashingMeter(Number.MAX_SAFE_INTEGER);
      await pipeline(source, meter, new DiscardSink());
      sha256 = meter.hash.digest('hex');
      if (meter.size !== total) throw new Error(`HashingMeter counted ${meter.size} bytes, expected ${total}`);
      break;
    }
    case 'blobStore': {
      const blob = await store.put(source, { maxBytes: Number.MAX_SAFE_INTEGER });
      sha256 = blob.sha256;
      if (blob.size !== total) throw new Error(`BlobStore.put stored ${blob.size} bytes, expected ${total}`);
      break;
    }
  }
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  if (variant === 'blobStore') await rm(store.pathOf(sha256), { force: true });
  return { sha256, run: { seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6 } };
}

export interface HashBenchOptions {
  totalBytes: number;
  chunkBytes: number;
  rounds: number;
  log: (line: string) => void;
}

const VARIANTS: HashVariant[] = ['baseline', 'meter', 'blobStore'];

/** Runs the three variants `rounds` times, interleaved (a b c a b c …), after a short warm-up. */
export async function runHashBench(options: HashBenchOptions): Promise<HashChunkResult> {
  const { totalBytes, chunkBytes, rounds, log } = options;
  const chunk = randomBytes(chunkBytes);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'signet-bench-blobs-'));
  const cleanup = removeOnExit(dir);
  const store = new BlobStore(dir);
  const runs: Record<HashVariant, HashRun[]> = { baseline: [], meter: [], blobStore: [] };
  let system0 = systemCpu();
  let own0 = process.cpuUsage();
  let t0 = performance.now();
  let seconds = 0;
  let othersCpuSeconds = 0;
  try {
    const warmBytes = Math.min(totalBytes, 64 * 1024 * 1024);
    const digests = new Set<string>();
    for (const v of VARIANTS) digests.add((await runVariant(v, chunk, warmBytes, store)).sha256);
    if (digests.size !== 1) throw new Error(`the variants disagree on the digest of the same bytes: ${[...digests].join(', ')}`);
    digests.clear();
    system0 = systemCpu();
    own0 = process.cpuUsage();
    t0 = performance.now();
    for (let r = 0; r < rounds; r++) {
      for (const v of VARIANTS) {
        const { sha256, run } = await runVariant(v, chunk, totalBytes, store);
        digests.add(sha256);
        runs[v].push(run);
        log(`  hash ${chunkBytes / 1024} KiB chunks, round ${r + 1}/${rounds}, ${v}: ${(totalBytes / 1e6 / run.seconds).toFixed(0)} MB/s`);
      }
    }
    if (digests.size !== 1) throw new Error(`the variants disagree on the digest of the same bytes: ${[...digests].join(', ')}`);
    seconds = (performance.now() - t0) / 1000;
    const own = process.cpuUsage(own0);
    othersCpuSeconds = Math.max(0, systemCpu().busySeconds - system0.busySeconds - (own.user + own.system) / 1e6);
  } finally {
    await rm(dir, { recursive: true, force: true });
    cleanup.release();
  }
  const mb = totalBytes / 1e6;
  const paired = (variant: HashVariant, f: (r: HashRun) => number) => median(runs[variant].map((r, i) => f(runs.baseline[i] ?? r) / f(r)));
  const result = (variant: HashVariant): HashVariantResult => ({
    variant,
    ratio: paired(variant, (r) => r.seconds),
    cpuRatio: paired(variant, (r) => r.cpuSeconds),
    runs: runs[variant],
    medianMBps: mb / median(runs[variant].map((r) => r.seconds)),
    bestMBps: mb / Math.min(...runs[variant].map((r) => r.seconds)),
    medianMBperCpuS: mb / median(runs[variant].map((r) => r.cpuSeconds)),
    bestMBperCpuS: mb / Math.min(...runs[variant].map((r) => r.cpuSeconds)),
  });
  return {
    chunkBytes,
    totalBytes,
    rounds,
    variants: { baseline: result('baseline'), meter: result('meter'), blobStore: result('blobStore') },
    seconds,
    othersCpuSeconds,
  };
}

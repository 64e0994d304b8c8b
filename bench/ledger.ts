import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { and, asc, desc, eq, sql } from 'drizzle-orm';
import { schema } from '@/db/client';
import { appendLeafBatch } from '@/lib/audit/append-leaf';
import { appendSignature } from '@/lib/audit/append-signature';
import { ledgerKey } from '@/lib/audit/ledger-key';
import { b64u, fromB64u } from '@/lib/audit/ledger-store';
import { getInclusionProof } from '@/lib/audit/read-ledger';
import { createContext, type Context } from '@/lib/context';
import { parseConfig } from '@/lib/env';
import { computeRoot } from '@/lib/ledger/compute-root';
import { hashLeaf } from '@/lib/ledger/merkle-hash';
import { encodeSignatureLeaf, type SignatureLeafInput } from '@/lib/ledger/signature-leaf';
import { verifyInclusion } from '@/lib/ledger/verify-inclusion';
import { benchLeafData, seedLedger } from './ledger-seed';
import { summarize, type LatencySummary } from './stats';

/**
 * Ledger benchmarks (issue 4 §4), each against a baseline measured in the same run on the same
 * database: appends per second through the real append path (lib/audit/append-signature.ts: head
 * lock, leaf, interior nodes, Ed25519 checkpoint, one transaction per append) vs. a plain INSERT of
 * the same leaf bytes in one transaction each; and inclusion-proof latency at a large tree size
 * through the real proof function (lib/audit/read-ledger.ts getInclusionProof) vs. a primary-key
 * SELECT of one ledger_nodes row.
 */

export interface Loop {
  concurrency: number;
  count: number;
  seconds: number;
  perSecond: number;
  latency: LatencySummary;
}

export interface AppendFigures {
  concurrency: number;
  /** Leaves per transaction: 1 is the signing path today; more is appendLeafBatch (see the report). */
  batch: number;
  append: Loop;
  baseline: Loop;
}

export interface ProofFigures {
  leaves: number;
  seedSeconds: number;
  proof: LatencySummary;
  baseline: LatencySummary;
  /** Proofs checked with RFC 9162 §2.1.3.2 against a root computed in JavaScript from the leaf bytes. */
  verified: number;
  hashesPerProof: number;
}

export interface LedgerDbResults {
  /** e.g. "PGlite (on disk)" or "PostgreSQL 17, fsync on, synchronous_commit on". */
  label: string;
  durable: boolean;
  appends: AppendFigures[];
  proofs?: ProofFigures;
}

export interface LedgerSettings {
  appends: number;
  blocks: number;
  proofLeaves: number;
  proofs: number;
  pgConcurrency: number[];
  /** Leaves per transaction for the appendLeafBatch rows. */
  batches: number[];
}

const ORIGIN = 'http://localhost:3999';

/** A Context on its own data directory: PGlite on disk there (as the server runs it), or `url`. */
export async function benchContext(url?: string): Promise<{ ctx: Context; dispose(): Promise<void> }> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'signet-bench-ledger-'));
  const config = parseConfig({ ORIGIN, RP_ID: 'localhost', DATA_DIR: dataDir, ...(url ? { DATABASE_URL: url } : {}) });
  const ctx = await createContext({ config });
  return {
    ctx,
    async dispose() {
      await ctx.database.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

const fake = (label: string, i: number) => Buffer.from(`${label}-${i}`).toString('base64url');

/** A canonical signature leaf for bench record i (unique record ID, realistic field sizes). */
function benchLeaf(run: string, i: number): SignatureLeafInput {
  return {
    recordId: `bench-${run}-${i}`,
    requestId: `req-${run}-${i}`,
    signerId: `signer-${i % 97}`,
    signedAt: new Date(Date.UTC(2026, 0, 1) + i).toISOString(),
    documentSha256: Buffer.from(hashLeaf(new Uint8Array(Buffer.from(`doc-${i}`)))).toString('hex'),
    credentialId: fake('credential', i % 97),
    statement: fake('I sign document', i),
    clientDataJSON: fake('{"type":"webauthn.get","challenge":"…"}', i),
    authenticatorData: fake('authenticator-data', i),
    signature: fake('signature', i),
    publicKey: fake('spki', i % 97),
  };
}

interface RawLoop {
  concurrency: number;
  seconds: number;
  latencies: number[];
}

/** Runs `op(0..count-1)` from `concurrency` workers; returns wall time and per-call latencies. */
async function closedLoop(count: number, concurrency: number, op: (i: number) => Promise<void>): Promise<RawLoop> {
  let next = 0;
  const latencies: number[] = [];
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let i = next++; i < count; i = next++) {
        const t = performance.now();
        await op(i);
        latencies.push(performance.now() - t);
      }
    }),
  );
  return { concurrency, seconds: (performance.now() - started) / 1000, latencies };
}

/** Blocks of one kind merged: leaves over total time, latency percentiles over every transaction. */
function mergeLoops(parts: RawLoop[], leavesPerCall: number): Loop {
  const latencies = parts.flatMap((p) => p.latencies);
  const seconds = parts.reduce((s, p) => s + p.seconds, 0);
  const count = latencies.length * leavesPerCall;
  return { concurrency: parts[0]?.concurrency ?? 0, count, seconds, perSecond: count / seconds, latency: summarize(latencies) };
}

/**
 * Appends through appendSignature, alternating blocks with the baseline (same leaf bytes, same
 * columns, plain INSERT into a twin table, one transaction each) so both see the same conditions.
 * Afterwards checks the log: gapless indexes and the last checkpoint's root recomputed from every leaf.
 */
export async function benchAppends(ctx: Context, settings: LedgerSettings, concurrency: number, run: string, batch = 1): Promise<AppendFigures> {
  await ctx.db.execute(sql.raw('CREATE TABLE IF NOT EXISTS bench_baseline (LIKE ledger_leaves INCLUDING ALL)'));
  const key = await ledgerKey(ctx);
  const before = await ctx.db.select({ n: sql<number>`count(*)::int` }).from(schema.ledgerLeaves);
  let offset = Number(before[0]?.n ?? 0);
  const appendParts: RawLoop[] = [];
  const baseParts: RawLoop[] = [];
  const callsPerBlock = Math.ceil(settings.appends / settings.blocks / batch);
  const leaves = (base: number, call: number) => Array.from({ length: batch }, (_, j) => benchLeaf(run, base + call * batch + j));
  // Warm-up: the first append creates the head row and JIT-compiles the path.
  await ctx.db.transaction((tx) => appendSignature(tx, ctx, key, benchLeaf(`${run}w`, 0)));
  offset += 1;
  for (let b = 0; b < settings.blocks; b++) {
    const base = offset;
    baseParts.push(
      await closedLoop(callsPerBlock, concurrency, async (call) => {
        const rows = leaves(base, call).map((leaf, j) => sql`(${base + call * batch + j}, 'signature', ${b64u(encodeSignatureLeaf(leaf))}, ${leaf.recordId}, ${ctx.clock.now().toISOString()})`);
        await ctx.db.transaction(async (tx) => {
          await tx.execute(sql`INSERT INTO bench_baseline (idx, kind, data, record_id, created_at) VALUES ${sql.join(rows, sql`, `)}`);
        });
      }),
    );
    appendParts.push(
      await closedLoop(callsPerBlock, concurrency, (call) =>
        ctx.db.transaction(async (tx) => {
          if (batch === 1) await appendSignature(tx, ctx, key, benchLeaf(run, base + call));
          else await appendLeafBatch(tx, ctx, key, leaves(base, call).map((leaf) => ({ kind: 'signature', data: encodeSignatureLeaf(leaf), recordId: leaf.recordId })));
        }),
      ),
    );
    offset += callsPerBlock * batch;
  }
  await checkLog(ctx);
  return { concurrency, batch, append: mergeLoops(appendParts, batch), baseline: mergeLoops(baseParts, batch) };
}

/** Gapless indexes 0..n-1 and the newest checkpoint's root equal to MTH over every stored leaf. */
async function checkLog(ctx: Context): Promise<void> {
  const leaves = await ctx.db.select({ idx: schema.ledgerLeaves.idx, data: schema.ledgerLeaves.data }).from(schema.ledgerLeaves).orderBy(asc(schema.ledgerLeaves.idx));
  leaves.forEach((l, i) => {
    if (l.idx !== i) throw new Error(`ledger check: expected leaf index ${i}, found ${l.idx}`);
  });
  const [latest] = await ctx.db.select().from(schema.ledgerCheckpoints).orderBy(desc(schema.ledgerCheckpoints.treeSize)).limit(1);
  const root = b64u(computeRoot(leaves.map((l) => hashLeaf(fromB64u(l.data)))));
  if (!latest || latest.treeSize !== leaves.length || latest.rootHash !== root) {
    throw new Error(`ledger check: expected the newest checkpoint at size ${leaves.length} with root ${root}, found ${latest?.treeSize} / ${latest?.rootHash}`);
  }
}

/** Deterministic PRNG (mulberry32) so every run times the same indexes. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Seeds `leaves` leaves into an empty ledger (not timed), then times `proofs` inclusion proofs at
 * random indexes in the full tree, each next to a primary-key SELECT, alternating which goes first.
 * Every tenth proof is verified against the independently computed root.
 */
export async function benchProofs(ctx: Context, settings: LedgerSettings, log: (line: string) => void): Promise<ProofFigures> {
  const n = settings.proofLeaves;
  const t0 = performance.now();
  const root = await seedLedger(ctx.db, n, log);
  const seedSeconds = (performance.now() - t0) / 1000;
  log(`  seeded ${n} leaves in ${seedSeconds.toFixed(1)} s`);
  const random = prng(4_2024);
  const pk = async (i: number) => {
    const rows = await ctx.db.select().from(schema.ledgerNodes).where(and(eq(schema.ledgerNodes.level, 0), eq(schema.ledgerNodes.idx, i)));
    if (rows.length !== 1) throw new Error(`baseline: expected node (0, ${i}), got ${rows.length} rows`);
  };
  const proofTimes: number[] = [];
  const baseTimes: number[] = [];
  let verified = 0;
  let nodes = 0;
  const warmup = Math.min(200, settings.proofs);
  for (let k = -warmup; k < settings.proofs; k++) {
    const index = Math.floor(random() * n);
    const time = async (op: () => Promise<unknown>, into: number[]) => {
      const t = performance.now();
      await op();
      if (k >= 0) into.push(performance.now() - t);
    };
    const proofOp = async () => {
      const proof = await getInclusionProof(ctx, index, n);
      nodes += k >= 0 ? proof.hashes.length : 0;
      if (k % 10 === 0) {
        verifyInclusion(hashLeaf(benchLeafData(index)), index, n, proof.hashes.map((h) => new Uint8Array(Buffer.from(h, 'base64'))), root);
        if (k >= 0) verified++;
      }
    };
    if (k % 2 === 0) {
      await time(proofOp, proofTimes);
      await time(() => pk(index), baseTimes);
    } else {
      await time(() => pk(index), baseTimes);
      await time(proofOp, proofTimes);
    }
  }
  return { leaves: n, seedSeconds, proof: summarize(proofTimes), baseline: summarize(baseTimes), verified, hashesPerProof: nodes / settings.proofs };
}

import type { AppendFigures, LedgerDbResults, ProofFigures } from './ledger';
import type { LedgerResults } from './ledger-run';
import { fmt, pct } from './stats';

/** The "Ledger" section of docs/benchmarks.md (issue 4 §4). */

export const LEDGER_GOALS = { appendsPerSecond: 3000, proofMs: 5 };

const ms = (v: number) => `${fmt(v, 2)} ms`;
const yes = (ok: boolean) => (ok ? '**met**' : '**not met**');
const ratio = (a: number, b: number) => (a / b).toFixed(3);

function appendRow(db: LedgerDbResults, a: AppendFigures): string {
  return (
    `| ${db.label} | ${a.concurrency} | ${a.batch} | ${fmt(a.append.count, 0)} | **${fmt(a.append.perSecond, 0)}** | ${fmt(a.baseline.perSecond, 0)} | ${ratio(a.append.perSecond, a.baseline.perSecond)} | ` +
    `${ms(a.append.latency.p50)} / ${ms(a.append.latency.p99)} | ${ms(a.baseline.latency.p50)} / ${ms(a.baseline.latency.p99)} |`
  );
}

function proofRow(db: LedgerDbResults, p: ProofFigures): string {
  return (
    `| ${db.label} | ${fmt(p.leaves, 0)} | ${fmt(p.proof.count, 0)} | **${ms(p.proof.p50)}** / **${ms(p.proof.p99)}** | ${ms(p.baseline.p50)} / ${ms(p.baseline.p99)} | ` +
    `${ratio(p.proof.p50, p.baseline.p50)} / ${ratio(p.proof.p99, p.baseline.p99)} | ${fmt(p.hashesPerProof, 1)} | ${p.verified} | ${fmt(p.seedSeconds, 1)} s |`
  );
}

export function ledgerSection(r: LedgerResults): string[] {
  const s = r.settings;
  const out = [
    '## 3. Ledger (issue 4 §4)',
    '',
    'Run by `bench/ledger-run.ts` in the bench process itself (no HTTP): `--skip-ledger` leaves it out; `LEDGER_BENCH_LEAVES` (tree size for the proofs), `LEDGER_BENCH_APPENDS` and `LEDGER_BENCH_PROOFS` shrink it.',
    '',
    `- **Appends**: ${fmt(s.appends, 0)} appends per configuration through the real path, \`appendSignature\` (lib/audit/append-signature.ts) inside its own transaction: head-row lock, leaf, interior nodes, Ed25519-signed checkpoint, commit. ` +
      '**Baseline**: a plain `INSERT` of the same leaf bytes (same columns, a twin of `ledger_leaves`) in one transaction each, on the same database, from the same number of concurrent callers. ' +
      `The two alternate in ${s.blocks} blocks so both see the same machine load. After the run the log is checked: indexes 0..n−1 without a gap and the newest checkpoint's root equal to the Merkle root recomputed from every stored leaf.`,
    `- **Inclusion proofs**: a fresh ledger seeded with ${fmt(s.proofLeaves, 0)} leaves (every perfect-subtree node the append path would have written, built in SQL level by level; seeding not timed), then ${fmt(s.proofs, 0)} proofs for random indexes at that tree size through \`getInclusionProof\` (lib/audit/read-ledger.ts: the head read, then one query for every node of the proof), ` +
      'each next to the **baseline**, a primary-key `SELECT` of one `ledger_nodes` row through the same drizzle handle, alternating which goes first. Every tenth proof is verified (RFC 9162 §2.1.3.2) against a root computed in JavaScript from the leaf bytes, independently of the database.',
    '- **Durability**: PGlite runs on disk in a temporary data directory, as the server runs it. PostgreSQL is a throwaway local server started with `fsync=on`, `synchronous_commit=on`, `full_page_writes=on` (production settings, not the `fsync=off` of the test server), so every commit waits for its WAL flush: that is what "durably in the log before its response" costs. ' +
      'One more row runs the same appends on a database with `synchronous_commit=off`, which does not meet the durability requirement and is shown only to separate the flush from the rest.',
    `- **Batches** (rows with more than one leaf per transaction): \`appendLeafBatch\` (lib/audit/append-leaf.ts) appends k leaves under one head lock with one checkpoint and one commit; the baseline then inserts the same k rows in one transaction. ` +
      '**completeSigning does not batch today** (each signing appends its own leaf in its own transaction), so these rows measure what the log can do once signings are grouped, not what the signing endpoint does now.',
    '',
    '| Database | Concurrency | Leaves per transaction | Appends | Appends/s | Baseline INSERT/s | Ratio | Transaction p50 / p99 | Baseline p50 / p99 |',
    '|---|--:|--:|--:|--:|--:|--:|--:|--:|',
  ];
  for (const db of r.databases) for (const a of db.appends) out.push(appendRow(db, a));
  out.push(
    '',
    '| Database | Leaves | Proofs | Proof p50 / p99 | PK SELECT p50 / p99 | Ratio p50 / p99 | Hashes per proof | Verified | Seeding |',
    '|---|--:|--:|--:|--:|--:|--:|--:|--:|',
  );
  for (const db of r.databases) if (db.proofs) out.push(proofRow(db, db.proofs));
  if (r.postgresSkipped) out.push('', `PostgreSQL was not measured: ${r.postgresSkipped}`);

  const durablePg = r.databases.find((d) => d.durable && d.label.startsWith('PostgreSQL'));
  const bestAppend = durablePg?.appends.reduce((a, b) => (b.append.perSecond > a.append.perSecond ? b : a));
  out.push('', `**Goals: ≥ ${fmt(LEDGER_GOALS.appendsPerSecond, 0)} durable appends/s on PostgreSQL; inclusion proofs < ${LEDGER_GOALS.proofMs} ms at 1,000,000 leaves.**`, '');
  const single = durablePg?.appends.filter((a) => a.batch === 1).reduce((a, b) => (b.append.perSecond > a.append.perSecond ? b : a));
  if (single && bestAppend) {
    out.push(
      `- Appends on PostgreSQL (durable), one leaf per transaction as completeSigning does: best ${fmt(single.append.perSecond, 0)}/s at concurrency ${single.concurrency}, ${pct(single.append.perSecond / LEDGER_GOALS.appendsPerSecond)} of the goal: ${yes(single.append.perSecond >= LEDGER_GOALS.appendsPerSecond)}.`,
      `- With batching (appendLeafBatch, not yet wired into completeSigning): best ${fmt(bestAppend.append.perSecond, 0)}/s with ${bestAppend.batch} leaves per transaction, ${pct(bestAppend.append.perSecond / LEDGER_GOALS.appendsPerSecond)} of the goal: ${yes(bestAppend.append.perSecond >= LEDGER_GOALS.appendsPerSecond)} for the log itself; the signing endpoint does not get this until signings are grouped.`,
    );
  }
  for (const db of r.databases) {
    const p = db.proofs;
    if (!p) continue;
    const at1M = p.leaves >= 1_000_000;
    out.push(
      `- Inclusion proofs on ${db.label}: p50 ${ms(p.proof.p50)}, p99 ${ms(p.proof.p99)} at ${fmt(p.leaves, 0)} leaves: ${at1M ? yes(p.proof.p99 < LEDGER_GOALS.proofMs) : `not measured at 1,000,000 leaves (LEDGER_BENCH_LEAVES=${p.leaves}), goal not assessed`}${at1M && p.proof.p50 < LEDGER_GOALS.proofMs && p.proof.p99 >= LEDGER_GOALS.proofMs ? ' by p99 (met by p50)' : ''}.`,
    );
  }
  out.push('');
  return out;
}

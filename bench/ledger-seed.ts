import { sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { computeRoot } from '@/lib/ledger/compute-root';
import { hashLeaf } from '@/lib/ledger/merkle-hash';

/**
 * Fast seeding of a large ledger for the inclusion-proof benchmark: the whole RFC 9162 tree is
 * built inside the database, one INSERT … SELECT per level (SHA-256 is built into PostgreSQL ≥ 11
 * and PGlite), instead of a million appends. Only ledger_nodes and ledger_head are written: an
 * inclusion proof reads nothing else.
 *
 * The seeded tree is checked independently: the benchmark recomputes the root in JavaScript from
 * the same leaf bytes (benchLeafData + computeRoot) and verifies a sample of the timed proofs
 * against it, so a wrong seed (or a wrong proof) fails the run instead of producing figures.
 */

/** The bytes of seeded leaf i. ASCII, so SQL `convert_to(…, 'UTF8')` yields exactly these bytes. */
export const benchLeafData = (i: number): Uint8Array => new Uint8Array(Buffer.from(`signet bench leaf ${i}`, 'ascii'));

// base64url without padding, as lib/audit/ledger-store.ts stores hashes (32 bytes → 43 characters).
const B64U = (bytes: string) => `rtrim(translate(encode(${bytes}, 'base64'), '+/', '-_'), '=')`;
const UNB64U = (text: string) => `decode(translate(${text}, '-_', '+/') || '=', 'base64')`;

/** Level 0: leaf hashes SHA-256(0x00 ‖ data) (RFC 9162 §2.1.1), in slices so no statement runs for minutes. */
async function seedLeaves(db: Db, leaves: number, log: (line: string) => void): Promise<void> {
  const slice = 250_000;
  for (let from = 0; from < leaves; from += slice) {
    const to = Math.min(leaves, from + slice) - 1;
    await db.execute(
      sql.raw(
        `INSERT INTO ledger_nodes (level, idx, hash) SELECT 0, i, ${B64U(`sha256('\\x00'::bytea || convert_to('signet bench leaf ' || i, 'UTF8'))`)} ` +
          `FROM generate_series(${from}::bigint, ${to}::bigint) AS i`,
      ),
    );
    log(`  seeded leaves ${from}..${to}`);
  }
}

/**
 * Seeds a tree of `leaves` leaves into an empty ledger: every perfect subtree (level, idx), exactly
 * what the append path would have written, then the head row. Returns the expected root hash.
 */
export async function seedLedger(db: Db, leaves: number, log: (line: string) => void): Promise<Uint8Array> {
  await seedLeaves(db, leaves, log);
  // Fresh statistics before every level: planned on a table the planner believes empty, the
  // self-join below became a nested loop over a sequential scan and never finished at 1M leaves.
  await db.execute(sql.raw('ANALYZE ledger_nodes'));
  // Level L+1 node i = SHA-256(0x01 ‖ node(L, 2i) ‖ node(L, 2i+1)), only where both children exist:
  // the ragged right edge is never stored (lib/ledger/perfect-subtrees.ts).
  for (let level = 0, width = leaves; width >= 2; level++, width = Math.floor(width / 2)) {
    await db.execute(
      sql.raw(
        `INSERT INTO ledger_nodes (level, idx, hash) SELECT ${level + 1}, a.idx / 2, ` +
          `${B64U(`sha256('\\x01'::bytea || ${UNB64U('a.hash')} || ${UNB64U('b.hash')})`)} ` +
          `FROM ledger_nodes a JOIN ledger_nodes b ON b.level = ${level} AND b.idx = a.idx + 1 ` +
          `WHERE a.level = ${level} AND a.idx % 2 = 0`,
      ),
    );
    await db.execute(sql.raw('ANALYZE ledger_nodes'));
  }
  await db.execute(sql.raw(`INSERT INTO ledger_head (id, tree_size) VALUES (1, ${leaves})`));
  return computeRoot(Array.from({ length: leaves }, (_, i) => hashLeaf(benchLeafData(i))));
}

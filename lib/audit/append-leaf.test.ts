import { asc, eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { schema } from '@/db/client';
import { computeRoot } from '@/lib/ledger/compute-root';
import { hashLeaf } from '@/lib/ledger/merkle-hash';
import { createTestContext, testDatabaseUrl, type TestContext } from '@/test/support/context';
import { LedgerError } from '@/lib/ledger/ledger-error';
import { appendLeaf, appendLeafBatch, MAX_BATCH_LEAVES } from './append-leaf';
import { ledgerKey } from './ledger-key';
import { b64u, fromB64u } from './ledger-store';

const backends = [{ name: 'PGlite', postgres: false }, ...(testDatabaseUrl() ? [{ name: 'PostgreSQL', postgres: true }] : [])];
const leafData = (i: number) => new Uint8Array(Buffer.from(`test leaf ${i}\n`));

/**
 * appendLeaf with the frontier cached in ledger_head: every checkpoint must name the RFC 9162 root
 * of all the leaves so far, whether the append used the cache or had to fall back to ledger_nodes
 * (an older database, or an appender that does not maintain the cache).
 */
describe.each(backends)('appendLeaf on $name', ({ postgres }) => {
  let ctx: TestContext | undefined;
  afterEach(async () => {
    await ctx?.dispose();
    ctx = undefined;
  });

  async function append(c: TestContext, i: number) {
    const key = await ledgerKey(c);
    return c.db.transaction((tx) => appendLeaf(tx, c, key, { kind: 'test', data: leafData(i), recordId: `record-${i}` }));
  }
  const head = async (c: TestContext) => (await c.db.select().from(schema.ledgerHead).where(eq(schema.ledgerHead.id, 1)))[0]!;

  /** Every stored checkpoint against computeRoot over the stored leaves; indexes 0..n−1. */
  async function expectConsistentLog(c: TestContext, n: number, sizes = Array.from({ length: n }, (_, i) => i + 1)): Promise<void> {
    const leaves = await c.db.select().from(schema.ledgerLeaves).orderBy(asc(schema.ledgerLeaves.idx));
    expect(leaves.map((l) => l.idx)).toEqual(Array.from({ length: n }, (_, i) => i));
    const hashes = leaves.map((l) => hashLeaf(fromB64u(l.data)));
    const checkpoints = await c.db.select().from(schema.ledgerCheckpoints).orderBy(asc(schema.ledgerCheckpoints.treeSize));
    expect(checkpoints.map((cp) => cp.treeSize)).toEqual(sizes);
    for (const cp of checkpoints) expect(cp.rootHash).toBe(b64u(computeRoot(hashes.slice(0, cp.treeSize))));
  }

  it('keeps the cached frontier current after every append, and every checkpoint names the root of all leaves', async () => {
    ctx = await createTestContext({}, { postgres });
    for (let i = 0; i < 37; i++) {
      expect(await append(ctx, i)).toEqual({ index: i, treeSize: i + 1 });
      const h = await head(ctx);
      expect(h).toMatchObject({ treeSize: i + 1, frontierSize: i + 1 });
      // One hash per set bit of the size (the perfect subtrees of the root).
      expect(h.frontier!.split('.')).toHaveLength((i + 1).toString(2).replace(/0/g, '').length);
    }
    await expectConsistentLog(ctx, 37);
  });

  it('falls back to ledger_nodes when the cached frontier is absent, stale or malformed, and repairs it', async () => {
    ctx = await createTestContext({}, { postgres });
    for (let i = 0; i < 6; i++) await append(ctx, i);
    const c = ctx;
    const tamper = async (set: Partial<typeof schema.ledgerHead.$inferInsert>) => c.db.update(schema.ledgerHead).set(set).where(eq(schema.ledgerHead.id, 1));

    await tamper({ frontier: null, frontierSize: null }); // a head row written before the cache existed
    await append(ctx, 6);
    await tamper({ frontierSize: 6 }); // an appender that advanced tree_size without the cache
    await append(ctx, 7);
    await tamper({ frontier: 'AAAA' }); // wrong count and size of hashes
    await append(ctx, 8);
    const h = await head(ctx);
    await tamper({ frontier: `${h.frontier!}.${b64u(new Uint8Array(32))}` }); // one hash too many
    await append(ctx, 9);

    expect(await head(ctx)).toMatchObject({ treeSize: 10, frontierSize: 10 });
    await expectConsistentLog(ctx, 10);
  });

  it('gives 30 parallel appends the indexes 0..29 with no gap or duplicate', async () => {
    ctx = await createTestContext({}, { postgres });
    const c = ctx;
    await ledgerKey(c);
    const entries = await Promise.all(Array.from({ length: 30 }, (_, i) => append(c, i)));
    expect(entries.map((e) => e.index).sort((a, b) => a - b)).toEqual(Array.from({ length: 30 }, (_, i) => i));
    await expectConsistentLog(ctx, 30);
  });

  it('appends batches under one lock with one checkpoint each, at the root of all leaves so far', async () => {
    ctx = await createTestContext({}, { postgres });
    const c = ctx;
    const key = await ledgerKey(c);
    let next = 0;
    const batch = (k: number) => Array.from({ length: k }, () => ({ kind: 'test', data: leafData(next), recordId: `record-${next++}` }));
    for (const k of [1, 3, 8, 1, 5, 16]) {
      const first = next;
      const entries = await c.db.transaction((tx) => appendLeafBatch(tx, c, key, batch(k)));
      expect(entries).toEqual(Array.from({ length: k }, (_, j) => ({ index: first + j, treeSize: first + k })));
    }
    expect(await c.db.transaction((tx) => appendLeafBatch(tx, c, key, []))).toEqual([]);
    await expectConsistentLog(c, 34, [1, 4, 12, 13, 18, 34]);
    expect(await head(c)).toMatchObject({ treeSize: 34, frontierSize: 34 });
  });

  it('refuses a batch over the limit, or one repeating a record, and changes nothing', async () => {
    ctx = await createTestContext({}, { postgres });
    const c = ctx;
    const key = await ledgerKey(c);
    await append(c, 0);
    const leaves = (ids: number[]) => ids.map((i) => ({ kind: 'test', data: leafData(i), recordId: `record-${i}` }));

    const tooMany = c.db.transaction((tx) => appendLeafBatch(tx, c, key, leaves(Array.from({ length: MAX_BATCH_LEAVES + 1 }, (_, i) => i + 1))));
    await expect(tooMany).rejects.toThrow(LedgerError);
    await expect(c.db.transaction((tx) => appendLeafBatch(tx, c, key, leaves([1, 2, 0])))).rejects.toThrow();

    expect(await head(c)).toMatchObject({ treeSize: 1, frontierSize: 1 });
    await expectConsistentLog(c, 1);
    await append(c, 1);
    await expectConsistentLog(c, 2);
  });
});

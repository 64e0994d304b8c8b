import { describe, expect, it } from 'vitest';
import { appendFromNodes, appendLeaves, appendNodeIds } from './append-leaves';
import { computeRoot } from './compute-root';
import { MemoryNodeStore } from './memory-node-store';
import { emptyTreeHash, hashLeaf, toHex } from './merkle-hash';
import type { NodeHash } from './perfect-subtrees';
import { readRoot } from './tree-root';
import { caught } from './caught-ledger-error';

const leafHash = (i: number): Uint8Array => hashLeaf(new TextEncoder().encode(`leaf ${i}`));
const ids = (nodes: readonly NodeHash[]): string[] => nodes.map(({ id }) => `${id.level}/${id.index}`);

/** Trailing zero bits of x > 0: how many levels leaf x − 1 completes above itself. */
const trailingZeros = (x: number): number => {
  let t = 0;
  while (x % 2 ** (t + 1) === 0) t += 1;
  return t;
};

describe('appendLeaves', () => {
  it('writes the leaf plus one node per level it completes: 1 + trailing zeros of the new size', async () => {
    const store = new MemoryNodeStore();
    const counts: number[] = [];
    for (let i = 0; i < 300; i++) {
      const { nodes, treeSize } = await appendLeaves(store, i, [leafHash(i)]);
      await store.putNodes(nodes);
      counts.push(nodes.length);
      expect(nodes.length, `append of leaf ${i}`).toBe(1 + trailingZeros(treeSize));
    }
    // Amortised O(1): a little under two writes per append.
    expect(counts.reduce((a, b) => a + b, 0) / counts.length).toBeLessThan(2);
  });

  it('lists completed nodes children-first, e.g. leaf 7 completes (0,7) (1,3) (2,1) (3,0)', async () => {
    const store = new MemoryNodeStore();
    const first = await appendLeaves(store, 0, [0, 1, 2, 3, 4, 5, 6].map(leafHash));
    await store.putNodes(first.nodes);
    const { nodes } = await appendLeaves(store, 7, [leafHash(7)]);
    expect(ids(nodes)).toEqual(['0/7', '1/3', '2/1', '3/0']);
  });

  it('reads only the frontier of the old tree, in one call', async () => {
    const store = new MemoryNodeStore();
    await store.putNodes((await appendLeaves(store, 0, Array.from({ length: 13 }, (_, i) => leafHash(i)))).nodes);
    // 13 = 8 + 4 + 1: leaves [0, 8), [8, 12) and [12, 13).
    expect(appendNodeIds(13)).toEqual([
      { level: 3, index: 0 },
      { level: 2, index: 2 },
      { level: 0, index: 12 },
    ]);
    store.resetCounters();
    await appendLeaves(store, 13, [leafHash(13)]);
    expect([store.readCalls, store.nodesRead]).toEqual([1, 3]);
  });

  it('produces the same nodes and root whether leaves arrive one at a time or in batches', async () => {
    const single = new MemoryNodeStore();
    const singleNodes: NodeHash[] = [];
    for (let i = 0; i < 100; i++) {
      const { nodes } = await appendLeaves(single, i, [leafHash(i)]);
      await single.putNodes(nodes);
      singleNodes.push(...nodes);
    }
    const batched = new MemoryNodeStore();
    const batchedNodes: NodeHash[] = [];
    let size = 0;
    for (const batch of [1, 2, 5, 24, 0, 3, 65]) {
      const { nodes, treeSize } = await appendLeaves(batched, size, Array.from({ length: batch }, (_, j) => leafHash(size + j)));
      await batched.putNodes(nodes);
      batchedNodes.push(...nodes);
      size = treeSize;
    }
    expect(size).toBe(100);
    const sorted = (nodes: NodeHash[]) => nodes.map(({ id, hash }) => `${id.level}/${id.index}=${toHex(hash)}`).sort();
    expect(sorted(batchedNodes)).toEqual(sorted(singleNodes));
    expect(toHex(await readRoot(batched, 100))).toBe(toHex(computeRoot(Array.from({ length: 100 }, (_, i) => leafHash(i)))));
  });

  it('returns the empty-tree root for an empty append to an empty tree, and writes nothing', async () => {
    const result = await appendLeaves(new MemoryNodeStore(), 0, []);
    expect(result.nodes).toEqual([]);
    expect(result.treeSize).toBe(0);
    expect(toHex(result.rootHash)).toBe(toHex(emptyTreeHash()));
  });

  it('refuses a leaf hash that is not 32 bytes, naming which one', () => {
    const error = caught(() => appendFromNodes(0, [], [leafHash(0), new Uint8Array(31)]));
    expect(error.code).toBe('INVALID_ARGUMENT');
    expect(error.message).toBe('expected leaf hash 1 of the append to be a 32-byte SHA-256 hash, got 31 bytes');
  });

  it('refuses a frontier of the wrong length for the tree size', () => {
    const error = caught(() => appendFromNodes(3, [leafHash(0)], [leafHash(3)]));
    expect(error.code).toBe('STORE_INCONSISTENT');
    expect(error.message).toBe('expected 2 frontier hashes for a tree of 3 leaves, got 1');
  });

  it('fails loudly when the store lacks a frontier node, rather than building on a guess', async () => {
    await expect(appendLeaves(new MemoryNodeStore(), 4, [leafHash(4)])).rejects.toThrow('expected node (level 2, index 0) in the store, it is absent');
  });
});

describe('MemoryNodeStore', () => {
  it('refuses to overwrite a node with a different hash and leaves the store unchanged', async () => {
    const store = new MemoryNodeStore();
    await store.putNodes([{ id: { level: 0, index: 0 }, hash: leafHash(0) }]);
    await store.putNodes([{ id: { level: 0, index: 0 }, hash: leafHash(0) }]); // same hash: idempotent
    await expect(
      store.putNodes([
        { id: { level: 0, index: 1 }, hash: leafHash(1) },
        { id: { level: 0, index: 0 }, hash: leafHash(9) },
      ]),
    ).rejects.toThrow(/^node \(level 0, index 0\) is already [0-9a-f]{64}; refusing to overwrite it with [0-9a-f]{64}$/);
    expect(store.size).toBe(1);
  });
});

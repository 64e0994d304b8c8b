/**
 * The O(log n) promise at a realistic size: 100,000 leaves in the in-memory node store, a few
 * hundred proofs at random (seeded) positions, each verified and each counted through the reader.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { appendLeaves } from './append-leaves';
import { computeRoot } from './compute-root';
import { readConsistencyProof } from './consistency-proof';
import { readInclusionProof } from './inclusion-proof';
import { MemoryNodeStore } from './memory-node-store';
import { hashLeaf, toHex } from './merkle-hash';
import { readRoot } from './tree-root';
import { verifyConsistency } from './verify-consistency';
import { verifyInclusion } from './verify-inclusion';

const SIZE = 100_000;
const SAMPLES = 300;

/** mulberry32: a tiny seeded generator, so a failure names a position that reproduces. */
function seeded(seed: number): (below: number) => number {
  let a = seed >>> 0;
  return (below) => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * below);
  };
}

describe(`a log of ${SIZE.toLocaleString('en')} leaves`, () => {
  const store = new MemoryNodeStore();
  const leafHashes = Array.from({ length: SIZE }, (_, i) => hashLeaf(new TextEncoder().encode(`entry ${i}`)));
  const random = seeded(9162);
  const readBound = (n: number): number => 2 * Math.log2(n) + 2;
  let root: Uint8Array;

  beforeAll(async () => {
    // Appended in uneven batches, as a busy log would, each batch reading only the frontier.
    let size = 0;
    while (size < SIZE) {
      const batch = leafHashes.slice(size, Math.min(SIZE, size + 1 + random(2000)));
      store.resetCounters();
      const appended = await appendLeaves(store, size, batch);
      expect(store.nodesRead).toBeLessThanOrEqual(Math.log2(Math.max(size, 1)) + 1);
      await store.putNodes(appended.nodes);
      size = appended.treeSize;
      root = appended.rootHash;
    }
  });

  it('stores fewer than two nodes per leaf, and the root it reads is the RFC root of all the leaves', async () => {
    expect(store.size).toBeLessThan(2 * SIZE);
    const expected = toHex(computeRoot(leafHashes));
    expect(toHex(await readRoot(store, SIZE))).toBe(expected);
    expect(toHex(root)).toBe(expected);
  });

  it(`proves inclusion of ${SAMPLES} random leaves within 2·log2(n) + 2 node reads each`, async () => {
    const reads: number[] = [];
    for (let s = 0; s < SAMPLES; s++) {
      const index = random(SIZE);
      store.resetCounters();
      const proof = await readInclusionProof(store, index, SIZE);
      reads.push(store.nodesRead);
      expect(store.readCalls).toBe(1);
      expect(store.nodesRead).toBeGreaterThanOrEqual(proof.length); // every element came from the store
      verifyInclusion(leafHashes[index] as Uint8Array, index, SIZE, proof, root);
      expect(() => verifyInclusion(leafHashes[(index + 1) % SIZE] as Uint8Array, index, SIZE, proof, root)).toThrow(/leads to/);
    }
    expect(Math.max(...reads)).toBeLessThanOrEqual(readBound(SIZE));
  });

  it(`proves consistency between ${SAMPLES} random pairs of sizes within 2·log2(n) + 2 node reads each`, async () => {
    let over = 0;
    for (let s = 0; s < SAMPLES; s++) {
      const newSize = 1 + random(SIZE);
      const oldSize = 1 + random(newSize);
      // Older roots come from the same store: perfect subtrees never change, so any past size can be proven.
      const [oldRoot, newRoot] = [await readRoot(store, oldSize), await readRoot(store, newSize)];
      store.resetCounters();
      const proof = await readConsistencyProof(store, oldSize, newSize);
      if (store.nodesRead > readBound(newSize) || store.readCalls > 1 || store.nodesRead < proof.length) over += 1;
      verifyConsistency(oldSize, newSize, proof, oldRoot, newRoot);
      if (oldSize < newSize) expect(() => verifyConsistency(oldSize, newSize, proof, newRoot, oldRoot)).toThrow(/rebuild/);
    }
    expect(over).toBe(0);
  });

  it('reads the roots of past sizes that match the RFC root of that prefix', async () => {
    // Sizes either side of powers of two, where the frontier changes shape, and a few at random.
    for (const size of [1, 2, 3, 1023, 1024, 1025, 4095, 4096, 4097].concat(Array.from({ length: 3 }, () => 1 + random(20_000)))) {
      expect(toHex(await readRoot(store, size)), `size ${size}`).toBe(toHex(computeRoot(leafHashes.slice(0, size))));
    }
  });
});

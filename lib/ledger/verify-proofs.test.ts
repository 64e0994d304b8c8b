/**
 * The edges of verifyInclusion / verifyConsistency: what they refuse before and after running the
 * RFC 9162 algorithms, the words they refuse it with, and sizes past 2^32.
 */
import { describe, expect, it } from 'vitest';
import { appendLeaves } from './append-leaves';
import { readConsistencyProof } from './consistency-proof';
import { readInclusionProof } from './inclusion-proof';
import { MemoryNodeStore } from './memory-node-store';
import { emptyTreeHash, hashChildren, hashLeaf } from './merkle-hash';
import type { HashReader } from './node-store';
import type { NodeId } from './perfect-subtrees';
import { readRoot } from './tree-root';
import { verifyConsistency } from './verify-consistency';
import { verifyInclusion } from './verify-inclusion';
import { caught } from './caught-ledger-error';

const leafHash = (i: number): Uint8Array => hashLeaf(Uint8Array.of(i));

async function tree(size: number): Promise<MemoryNodeStore> {
  const store = new MemoryNodeStore();
  await store.putNodes((await appendLeaves(store, 0, Array.from({ length: size }, (_, i) => leafHash(i)))).nodes);
  return store;
}

describe('verifyInclusion', () => {
  it('refuses a leaf index at or beyond the tree size (RFC 9162 §2.1.3.2 step 1)', () => {
    const root = hashLeaf(Uint8Array.of(0));
    expect(caught(() => verifyInclusion(root, 1, 1, [], root)).message).toBe('expected a leaf index below the tree size 1, got 1');
    expect(caught(() => verifyInclusion(root, 0, 0, [], emptyTreeHash())).code).toBe('PROOF_INVALID');
  });

  it('says how many hashes the proof should have had when it is too short or too long', async () => {
    const store = await tree(8);
    const proof = await readInclusionProof(store, 0, 8);
    const root = await readRoot(store, 8);
    expect(caught(() => verifyInclusion(leafHash(0), 0, 8, proof.slice(0, 2), root)).message).toBe('expected 3 hashes in the inclusion proof of leaf 0 in a tree of 8 leaves, got 2');
    expect(caught(() => verifyInclusion(leafHash(0), 0, 8, [...proof, root], root)).message).toBe('expected 3 hashes in the inclusion proof of leaf 0 in a tree of 8 leaves, got 4');
  });

  it('names the root it expected and the root the proof leads to', async () => {
    const store = await tree(5);
    const proof = await readInclusionProof(store, 4, 5);
    const root = await readRoot(store, 5);
    const error = caught(() => verifyInclusion(leafHash(3), 4, 5, proof, root));
    expect(error.code).toBe('PROOF_INVALID');
    expect(error.message).toMatch(/^expected the inclusion proof of leaf 4 in a tree of 5 leaves to lead to root [0-9a-f]{64}, it leads to [0-9a-f]{64}$/);
  });

  it('refuses hashes that are not 32 bytes and sizes that are not safe integers, before hashing anything', () => {
    const h = leafHash(0);
    expect(caught(() => verifyInclusion(new Uint8Array(20), 0, 1, [], h)).message).toBe('expected the leaf hash to be a 32-byte SHA-256 hash, got 20 bytes');
    expect(caught(() => verifyInclusion(h, 0, 2, [new Uint8Array(33)], h)).message).toBe('expected inclusion proof element 0 to be a 32-byte SHA-256 hash, got 33 bytes');
    expect(caught(() => verifyInclusion(h, -1, 2, [h], h)).code).toBe('INVALID_ARGUMENT');
    expect(caught(() => verifyInclusion(h, 0.5, 2, [h], h)).code).toBe('INVALID_ARGUMENT');
    expect(caught(() => verifyInclusion(h, 0, 2 ** 53, [h], h)).message).toBe('expected the tree size to be a non-negative safe integer, got 9007199254740992');
  });
});

describe('verifyConsistency', () => {
  it('accepts equal sizes only with equal roots and an empty proof', async () => {
    const store = await tree(6);
    const [r5, root] = [await readRoot(store, 5), await readRoot(store, 6)];
    expect(() => verifyConsistency(6, 6, [], root, root)).not.toThrow();
    expect(caught(() => verifyConsistency(6, 6, [root], root, root)).message).toBe('expected an empty consistency proof from 6 to 6 leaves, got 1 hashes');
    expect(caught(() => verifyConsistency(6, 6, [], r5, root)).message).toMatch(/^expected the root of the tree of 6 leaves to be [0-9a-f]{64}, got [0-9a-f]{64}$/);
  });

  it('accepts the empty tree as a prefix of any tree only when its root is SHA-256 of nothing', async () => {
    const root = await readRoot(await tree(3), 3);
    expect(() => verifyConsistency(0, 3, [], emptyTreeHash(), root)).not.toThrow();
    expect(caught(() => verifyConsistency(0, 3, [], root, root)).message).toBe(
      'expected the root of the tree of 0 leaves to be e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855, got ' + Buffer.from(root).toString('hex'),
    );
  });

  it('refuses a shrinking tree and an empty proof between different sizes (§2.1.4.2 step 1)', async () => {
    const store = await tree(7);
    const [r3, r7] = [await readRoot(store, 3), await readRoot(store, 7)];
    expect(caught(() => verifyConsistency(7, 3, [], r7, r3)).message).toBe('expected the old tree size to be at most the new size 3, got 7');
    expect(caught(() => verifyConsistency(3, 7, [], r3, r7)).message).toBe('expected a non-empty consistency proof from 3 to 7 leaves, got none');
  });

  it('says how many hashes the proof should have had, for old sizes that are and are not powers of two', async () => {
    const store = await tree(8);
    const roots = await Promise.all([4, 6, 8].map((n) => readRoot(store, n)));
    const [r4, r6, r8] = roots as [Uint8Array, Uint8Array, Uint8Array];
    const from4 = await readConsistencyProof(store, 4, 8); // old root is a perfect subtree: not sent
    const from6 = await readConsistencyProof(store, 6, 8);
    expect([from4.length, from6.length]).toEqual([1, 3]);
    expect(caught(() => verifyConsistency(4, 8, [...from4, r8], r4, r8)).message).toBe('expected 1 hashes in the consistency proof from 4 to 8 leaves, got 2');
    expect(caught(() => verifyConsistency(6, 8, from6.slice(0, 2), r6, r8)).message).toBe('expected 3 hashes in the consistency proof from 6 to 8 leaves, got 2');
  });

  it('names which root the proof failed to rebuild', async () => {
    const store = await tree(8);
    const [r6, r8] = [await readRoot(store, 6), await readRoot(store, 8)];
    const proof = await readConsistencyProof(store, 6, 8);
    expect(caught(() => verifyConsistency(6, 8, proof, r8, r8)).message).toMatch(/^expected the consistency proof from 6 to 8 leaves to rebuild the old root [0-9a-f]{64}, it rebuilds [0-9a-f]{64}$/);
    expect(caught(() => verifyConsistency(6, 8, proof, r6, r6)).message).toMatch(/to rebuild the new root/);
  });
});

/**
 * A tree whose leaves all have the same hash: node (L, i) is then the same for every i, so a
 * reader can serve trees of 2^40 leaves. The point is the arithmetic: `>>` in JavaScript works on
 * 32 bits, so a verifier written with it walks the wrong path once a size passes 2^32.
 */
class UniformTree implements HashReader {
  private readonly levels: Uint8Array[] = [leafHash(0)];

  async getNodes(ids: readonly NodeId[]): Promise<Uint8Array[]> {
    return ids.map(({ level }) => {
      while (this.levels.length <= level) {
        const below = this.levels[this.levels.length - 1] as Uint8Array;
        this.levels.push(hashChildren(below, below));
      }
      return this.levels[level] as Uint8Array;
    });
  }
}

describe('sizes beyond 2^32', () => {
  const reader = new UniformTree();
  const cases = [
    { index: 2 ** 32 + 5, size: 2 ** 33 + 3 },
    { index: 2 ** 40 - 1, size: 2 ** 40 + 2 ** 35 + 17 },
    { index: 0, size: 2 ** 32 + 1 },
  ];

  it.each(cases)('proves and verifies inclusion of leaf $index in a tree of $size leaves', async ({ index, size }) => {
    const proof = await readInclusionProof(reader, index, size);
    const root = await readRoot(reader, size);
    expect(() => verifyInclusion(leafHash(0), index, size, proof, root)).not.toThrow();
    expect(caught(() => verifyInclusion(leafHash(0), index, size, proof.slice(1), root)).code).toBe('PROOF_INVALID');
  });

  it.each([
    { oldSize: 2 ** 32 + 3, newSize: 2 ** 40 + 7 },
    { oldSize: 2 ** 31 + 1, newSize: 2 ** 32 + 1 },
    { oldSize: 3, newSize: 2 ** 45 + 3 },
  ])('proves and verifies consistency from $oldSize to $newSize leaves', async ({ oldSize, newSize }) => {
    const proof = await readConsistencyProof(reader, oldSize, newSize);
    const [oldRoot, newRoot] = [await readRoot(reader, oldSize), await readRoot(reader, newSize)];
    expect(() => verifyConsistency(oldSize, newSize, proof, oldRoot, newRoot)).not.toThrow();
    expect(caught(() => verifyConsistency(oldSize, newSize, proof, newRoot, oldRoot)).code).toBe('PROOF_INVALID');
  });
});

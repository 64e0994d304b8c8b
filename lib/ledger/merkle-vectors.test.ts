/**
 * The published RFC 6962 / Certificate Transparency test vectors, run through both the all-leaves
 * path (computeRoot) and the node-store path (appendLeaves → readRoot / read*Proof).
 *
 * Sources (copied by hand, hex as published):
 * - LEAF_INPUTS, NODE_HASHES, ROOTS: github.com/transparency-dev/merkle testonly/constants.go
 *   (LeafInputs, NodeHashes, RootHashes), the data Trillian's and certificate-transparency-go's
 *   merkletree tests used before they moved there.
 * - INCLUSION_VECTORS, CONSISTENCY_VECTORS: github.com/transparency-dev/merkle proof/verify_test.go
 *   (inclusionProofs, consistencyProofs). Go's inclusion vectors number leaves from 1; they are
 *   converted to 0-based indexes here.
 * - The tamper probes mirror corruptInclusionProof / corruptConsistencyProof in the same file.
 */
import { describe, expect, it } from 'vitest';
import { appendLeaves } from './append-leaves';
import { computeRoot } from './compute-root';
import { readConsistencyProof } from './consistency-proof';
import { readInclusionProof } from './inclusion-proof';
import { isLedgerError } from './ledger-error';
import { MemoryNodeStore } from './memory-node-store';
import { emptyTreeHash, hashChildren, hashLeaf, toHex } from './merkle-hash';
import { readRoot } from './tree-root';
import { verifyConsistency } from './verify-consistency';
import { verifyInclusion } from './verify-inclusion';

const hex = (h: string): Uint8Array => new Uint8Array(Buffer.from(h, 'hex'));

const LEAF_INPUTS = ['', '00', '10', '2021', '3031', '40414243', '5051525354555657', '606162636465666768696a6b6c6d6e6f'].map(hex);

/** NODE_HASHES[level][index]: the complete subtrees of the 8-leaf tree. */
const NODE_HASHES = [
  [
    '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
    '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
    '0298d122906dcfc10892cb53a73992fc5b9f493ea4c9badb27b791b4127a7fe7',
    '07506a85fd9dd2f120eb694f86011e5bb4662e5c415a62917033d4a9624487e7',
    'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
    '4271a26be0d8a84f0bd54c8c302e7cb3a3b5d1fa6780a40bcce2873477dab658',
    'b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f',
    '46f6ffadd3d06a09ff3c5860d2755c8b9819db7df44251788c7d8e3180de8eb1',
  ],
  [
    'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
    '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
    '0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a',
    'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
  ],
  ['d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7', '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4'],
  ['5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328'],
];

/** ROOTS[n]: MTH of the first n leaves. */
const ROOTS = [
  'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
];

const INCLUSION_VECTORS: { index: number; size: number; proof: string[] }[] = [
  { index: 0, size: 1, proof: [] },
  {
    index: 0,
    size: 8,
    proof: [
      '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ],
  },
  {
    index: 5,
    size: 8,
    proof: [
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  },
  { index: 2, size: 3, proof: ['fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125'] },
  {
    index: 1,
    size: 5,
    proof: [
      '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
    ],
  },
];

const CONSISTENCY_VECTORS: { oldSize: number; newSize: number; proof: string[] }[] = [
  { oldSize: 1, newSize: 1, proof: [] },
  {
    oldSize: 1,
    newSize: 8,
    proof: [
      '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ],
  },
  {
    oldSize: 6,
    newSize: 8,
    proof: [
      '0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  },
  {
    oldSize: 2,
    newSize: 5,
    proof: ['5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e', 'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b'],
  },
  {
    oldSize: 6,
    newSize: 7,
    proof: [
      '0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a',
      'b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  },
];

/** `verifyInclusion`/`verifyConsistency` refuse by throwing a LedgerError; anything else is a bug. */
function refuses(check: () => void): boolean {
  try {
    check();
    return false;
  } catch (e) {
    if (!isLedgerError(e)) throw e;
    return true;
  }
}

const flipBit = (proof: readonly Uint8Array[], i: number, mask: number): Uint8Array[] =>
  proof.map((p, j) => (j === i ? p.map((byte, k) => (k === 0 ? byte ^ mask : byte)) : p));

/** An arbitrary 32-byte value, as in verify_test.go's sha256SomeHash. */
const SOME_HASH = hex('abacaba000000000000000000000000000000000000000000060061e00123456');

async function storeWithAllLeaves(): Promise<MemoryNodeStore> {
  const store = new MemoryNodeStore();
  const appended = await appendLeaves(store, 0, LEAF_INPUTS.map(hashLeaf));
  await store.putNodes(appended.nodes);
  return store;
}

describe('RFC 6962 reference vectors', () => {
  it('hashes the empty tree to SHA-256 of the empty string', () => {
    expect(toHex(emptyTreeHash())).toBe(ROOTS[0]);
    expect(toHex(computeRoot([]))).toBe(ROOTS[0]);
  });

  it('hashes leaves with the 0x00 prefix and interior nodes with 0x01', () => {
    expect(toHex(hashLeaf(new Uint8Array()))).toBe(NODE_HASHES[0]?.[0]);
    expect(toHex(hashChildren(hex(NODE_HASHES[0]?.[0] ?? ''), hex(NODE_HASHES[0]?.[1] ?? '')))).toBe(NODE_HASHES[1]?.[0]);
  });

  it('computes the published root of every prefix of the 8 leaves from the leaves', () => {
    const leafHashes = LEAF_INPUTS.map(hashLeaf);
    const roots = ROOTS.map((_, n) => toHex(computeRoot(leafHashes.slice(0, n))));
    expect(roots).toEqual(ROOTS);
  });

  it('stores exactly the published perfect-subtree hashes at (level, index), appending one leaf at a time', async () => {
    const store = new MemoryNodeStore();
    let size = 0;
    for (const data of LEAF_INPUTS) {
      const appended = await appendLeaves(store, size, [hashLeaf(data)]);
      await store.putNodes(appended.nodes);
      size = appended.treeSize;
      expect(toHex(appended.rootHash)).toBe(ROOTS[size]);
    }
    const ids = NODE_HASHES.flatMap((row, level) => row.map((_, index) => ({ level, index })));
    const stored = await store.getNodes(ids);
    expect(stored.map(toHex)).toEqual(NODE_HASHES.flat());
    expect(store.size).toBe(ids.length);
  });

  it('reads the published root of every tree size 0..8 from the node store, including sizes smaller than the store', async () => {
    const store = await storeWithAllLeaves();
    const roots = await Promise.all(ROOTS.map(async (_, n) => toHex(await readRoot(store, n))));
    expect(roots).toEqual(ROOTS);
  });

  it.each(INCLUSION_VECTORS)('produces and verifies the published inclusion proof for leaf $index of $size', async ({ index, size, proof }) => {
    const store = await storeWithAllLeaves();
    const produced = await readInclusionProof(store, index, size);
    expect(produced.map(toHex)).toEqual(proof);
    const leafHash = hashLeaf(LEAF_INPUTS[index] as Uint8Array);
    const root = hex(ROOTS[size] as string);
    expect(() => verifyInclusion(leafHash, index, size, proof.map(hex), root)).not.toThrow();
  });

  it.each(INCLUSION_VECTORS)('refuses every corruption of the published inclusion proof for leaf $index of $size', ({ index, size, proof: proofHex }) => {
    const proof = proofHex.map(hex);
    const leafHash = hashLeaf(LEAF_INPUTS[index] as Uint8Array);
    const root = hex(ROOTS[size] as string);
    const probes: [string, () => void][] = [
      ['index - 1', () => verifyInclusion(leafHash, index - 1, size, proof, root)],
      ['index + 1', () => verifyInclusion(leafHash, index + 1, size, proof, root)],
      ['index ^ 2', () => verifyInclusion(leafHash, index ^ 2, size, proof, root)],
      ['size * 2', () => verifyInclusion(leafHash, index, size * 2, proof, root)],
      ['size / 2', () => verifyInclusion(leafHash, index, Math.floor(size / 2), proof, root)],
      ['wrong leaf', () => verifyInclusion(hashLeaf(Buffer.from('WrongLeaf')), index, size, proof, root)],
      ['empty root', () => verifyInclusion(leafHash, index, size, proof, emptyTreeHash())],
      ['random root', () => verifyInclusion(leafHash, index, size, proof, SOME_HASH)],
      ['trailing root', () => verifyInclusion(leafHash, index, size, [...proof, root], root)],
      ['preceding root', () => verifyInclusion(leafHash, index, size, [root, ...proof], root)],
      ['trailing garbage', () => verifyInclusion(leafHash, index, size, [...proof, new Uint8Array()], root)],
      ...proof.map((_, i): [string, () => void] => [`proof[${i}] bit 3 flipped`, () => verifyInclusion(leafHash, index, size, flipBit(proof, i, 8), root)]),
    ];
    if (proof.length > 0) probes.push(['removed component', () => verifyInclusion(leafHash, index, size, proof.slice(0, -1), root)]);
    if (proof.length > 1) probes.push(['inserted component', () => verifyInclusion(leafHash, index, size, [proof[0] as Uint8Array, SOME_HASH, ...proof.slice(1)], root)]);

    expect(probes.filter(([, probe]) => !refuses(probe)).map(([name]) => name)).toEqual([]);
  });

  it.each(CONSISTENCY_VECTORS)('produces and verifies the published consistency proof from $oldSize to $newSize', async ({ oldSize, newSize, proof }) => {
    const store = await storeWithAllLeaves();
    const produced = await readConsistencyProof(store, oldSize, newSize);
    expect(produced.map(toHex)).toEqual(proof);
    expect(() => verifyConsistency(oldSize, newSize, proof.map(hex), hex(ROOTS[oldSize] as string), hex(ROOTS[newSize] as string))).not.toThrow();
  });

  it.each(CONSISTENCY_VECTORS.filter((v) => v.proof.length > 0))(
    'refuses every corruption of the published consistency proof from $oldSize to $newSize',
    ({ oldSize, newSize, proof: proofHex }) => {
      const proof = proofHex.map(hex);
      const root1 = hex(ROOTS[oldSize] as string);
      const root2 = hex(ROOTS[newSize] as string);
      const v = (m: number, n: number, p: readonly Uint8Array[], r1: Uint8Array, r2: Uint8Array) => () => verifyConsistency(m, n, p, r1, r2);
      const probes: [string, () => void][] = [
        ['size1 - 1', v(oldSize - 1, newSize, proof, root1, root2)],
        ['size1 + 1', v(oldSize + 1, newSize, proof, root1, root2)],
        ['size1 ^ 2', v(oldSize ^ 2, newSize, proof, root1, root2)],
        ['size2 * 2', v(oldSize, newSize * 2, proof, root1, root2)],
        ['size2 / 2', v(oldSize, Math.floor(newSize / 2), proof, root1, root2)],
        ['wrong root1', v(oldSize, newSize, proof, SOME_HASH, root2)],
        ['wrong root2', v(oldSize, newSize, proof, root1, SOME_HASH)],
        ['swapped roots', v(oldSize, newSize, proof, root2, root1)],
        ['empty proof', v(oldSize, newSize, [], root1, root2)],
        ['trailing root1', v(oldSize, newSize, [...proof, root1], root1, root2)],
        ['trailing root2', v(oldSize, newSize, [...proof, root2], root1, root2)],
        ['preceding root1', v(oldSize, newSize, [root1, ...proof], root1, root2)],
        ['preceding root2', v(oldSize, newSize, [root2, ...proof], root1, root2)],
        ['preceding proof[0]', v(oldSize, newSize, [proof[0] as Uint8Array, ...proof], root1, root2)],
        ['truncated proof', v(oldSize, newSize, proof.slice(0, -1), root1, root2)],
        ...proof.map((_, i): [string, () => void] => [`proof[${i}] bit 4 flipped`, v(oldSize, newSize, flipBit(proof, i, 16), root1, root2)]),
      ];
      expect(probes.filter(([, probe]) => !refuses(probe)).map(([name]) => name)).toEqual([]);
    },
  );
});

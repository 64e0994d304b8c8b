/**
 * Every tree size 1..MAX_SIZE, every inclusion proof and every consistency pair, produced through
 * the node store and through a naive reference written straight from the RFC 9162 pseudocode
 * below, then verified, then corrupted and refused.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { appendLeaves } from './append-leaves';
import { consistencyNodeIds, readConsistencyProof } from './consistency-proof';
import { inclusionNodeIds, readInclusionProof } from './inclusion-proof';
import { isLedgerError } from './ledger-error';
import { MemoryNodeStore } from './memory-node-store';
import { hashLeaf, toHex } from './merkle-hash';
import { nodeRange } from './perfect-subtrees';
import { readRoot } from './tree-root';
import { consistencyProofLength, verifyConsistency } from './verify-consistency';
import { inclusionProofLength, verifyInclusion } from './verify-inclusion';

const MAX_SIZE = 64;
const DATA = Array.from({ length: MAX_SIZE }, (_, i) => new TextEncoder().encode(`signet ledger test leaf ${i}`));

// ---- Reference: RFC 9162 §2.1.1, §2.1.3.1, §2.1.4.1, transcribed without optimisation. ----------
// D is a view D[begin:end] of DATA, so the recursion reads like the RFC's; MTH is memoised by range
// only to keep 8,000+ proofs quick, which does not change what it computes.

interface D {
  begin: number;
  end: number;
}
const len = (d: D): number => d.end - d.begin;
const slice = (d: D, from: number, to: number): D => ({ begin: d.begin + from, end: d.begin + to });
const HASH = (...parts: Uint8Array[]): Uint8Array => {
  const h = createHash('sha256');
  parts.forEach((p) => h.update(p));
  return h.digest();
};
/** "let k be the largest power of two smaller than n (i.e., k < n <= 2k)" */
const kOf = (n: number): number => {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
};

const memo = new Map<string, Uint8Array>();
function MTH(d: D): Uint8Array {
  const key = `${d.begin}:${d.end}`;
  const cached = memo.get(key);
  if (cached) return cached;
  const n = len(d);
  let result: Uint8Array;
  if (n === 0) result = HASH(); // "MTH({}) = HASH()"
  else if (n === 1) result = HASH(Uint8Array.of(0x00), DATA[d.begin] as Uint8Array); // "MTH({d(0)}) = HASH(0x00 || d(0))"
  else {
    const k = kOf(n); // "MTH(D_n) = HASH(0x01 || MTH(D[0:k]) || MTH(D[k:n]))"
    result = HASH(Uint8Array.of(0x01), MTH(slice(d, 0, k)), MTH(slice(d, k, n)));
  }
  memo.set(key, result);
  return result;
}

function PATH(m: number, d: D): Uint8Array[] {
  const n = len(d);
  if (n === 1) return []; // "PATH(0, {d(0)}) = {}"
  const k = kOf(n);
  if (m < k) return [...PATH(m, slice(d, 0, k)), MTH(slice(d, k, n))]; // "PATH(m, D[0:k]) : MTH(D[k:n])"
  return [...PATH(m - k, slice(d, k, n)), MTH(slice(d, 0, k))]; // "PATH(m - k, D[k:n]) : MTH(D[0:k])"
}

function SUBPROOF(m: number, d: D, b: boolean): Uint8Array[] {
  const n = len(d);
  if (m === n) return b ? [] : [MTH(d)]; // "SUBPROOF(m, D_m, true) = {}", "SUBPROOF(m, D_m, false) = {MTH(D_m)}"
  const k = kOf(n);
  if (m <= k) return [...SUBPROOF(m, slice(d, 0, k), b), MTH(slice(d, k, n))];
  return [...SUBPROOF(m - k, slice(d, k, n), false), MTH(slice(d, 0, k))];
}
/** "PROOF(m, D_n) = SUBPROOF(m, D_n, true)", defined for 0 < m < n; empty otherwise. */
const PROOF = (m: number, n: number): Uint8Array[] => (m === 0 || m === n ? [] : SUBPROOF(m, { begin: 0, end: n }, true));

// ---- Corruptions ---------------------------------------------------------------------------------

function refuses(check: () => void): boolean {
  try {
    check();
    return false;
  } catch (e) {
    if (!isLedgerError(e)) throw e;
    return true;
  }
}
const flipByte = (proof: readonly Uint8Array[], i: number): Uint8Array[] => proof.map((p, j) => (j === i ? p.map((byte, k) => (k === 31 ? byte ^ 0x80 : byte)) : p));
/** The first and last positions of a proof (one position for a one-hash proof, none for an empty one). */
const ends = (proof: readonly Uint8Array[]): number[] => (proof.length === 0 ? [] : [...new Set([0, proof.length - 1])]);
const flip = (h: Uint8Array): Uint8Array => h.map((byte, k) => (k === 0 ? byte ^ 1 : byte));

/** Builds the tree one leaf at a time and hands `check` the store at every size. */
async function forEachSize(check: (store: MemoryNodeStore, n: number) => Promise<void>): Promise<void> {
  const store = new MemoryNodeStore();
  for (let n = 1; n <= MAX_SIZE; n++) {
    const appended = await appendLeaves(store, n - 1, [hashLeaf(DATA[n - 1] as Uint8Array)]);
    await store.putNodes(appended.nodes);
    if (toHex(appended.rootHash) !== toHex(MTH({ begin: 0, end: n }))) throw new Error(`expected appendLeaves to return MTH(D[${n}]) as the root, it did not`);
    await check(store, n);
  }
}

describe(`proofs for every tree size 1..${MAX_SIZE}`, () => {
  it('reads the root of every size from the store as the RFC recursion computes it', async () => {
    const mismatches: string[] = [];
    await forEachSize(async (store, n) => {
      for (let m = 0; m <= n; m++) {
        if (toHex(await readRoot(store, m)) !== toHex(MTH({ begin: 0, end: m }))) mismatches.push(`root ${m} from the store at ${n}`);
      }
    });
    expect(mismatches).toEqual([]);
  });

  it('never asks the store for a node that is not yet complete at the size it proves', () => {
    const premature: string[] = [];
    for (let n = 1; n <= MAX_SIZE; n++) {
      for (let m = 0; m < n; m++) {
        for (const id of inclusionNodeIds(m, n)) if (nodeRange(id).end > n) premature.push(`inclusion ${m} of ${n}: (${id.level}, ${id.index})`);
      }
      for (let m = 0; m <= n; m++) {
        for (const id of consistencyNodeIds(m, n)) if (nodeRange(id).end > n) premature.push(`consistency ${m} to ${n}: (${id.level}, ${id.index})`);
      }
    }
    expect(premature).toEqual([]);
  });

  it('produces every inclusion proof equal to RFC PATH, verifies it, and refuses it corrupted', async () => {
    let checked = 0;
    await forEachSize(async (store, n) => {
      const root = MTH({ begin: 0, end: n });
      const wrong: string[] = [];
      for (let m = 0; m < n; m++) {
        const proof = await readInclusionProof(store, m, n);
        if (proof.map(toHex).join() !== PATH(m, { begin: 0, end: n }).map(toHex).join()) wrong.push(`leaf ${m}: differs from PATH(${m}, D[${n}])`);
        const leaf = hashLeaf(DATA[m] as Uint8Array);
        if (refuses(() => verifyInclusion(leaf, m, n, proof, root))) wrong.push(`leaf ${m}: the genuine proof is refused`);
        if (inclusionProofLength(m, n) !== proof.length) wrong.push(`leaf ${m}: inclusionProofLength says ${inclusionProofLength(m, n)}`);

        const probes: [string, () => void][] = [
          ['wrong index', () => verifyInclusion(leaf, (m + 1) % n === m ? m + 1 : (m + 1) % n, n, proof, root)],
          // Sizes whose audit path has another shape. (Not n ± 1: when leaf m's path has the same
          // shape in both trees, §2.1.3.2 cannot tell them apart; the signed checkpoint binds the
          // size to the root, which is why a verifier takes treeSize from the checkpoint.)
          ['size * 2', () => verifyInclusion(leaf, m, n * 2, proof, root)],
          ['size / 2', () => verifyInclusion(leaf, m, Math.floor(n / 2), proof, root)],
          ['other leaf', () => verifyInclusion(hashLeaf(Uint8Array.of(0xff)), m, n, proof, root)],
          ['flipped root', () => verifyInclusion(leaf, m, n, proof, flip(root))],
          ['extra hash', () => verifyInclusion(leaf, m, n, [...proof, root], root)],
        ];
        // A flipped byte at either end of the path (the middle is exercised by merkle-vectors.test.ts).
        for (const i of ends(proof)) probes.push([`flipped proof[${i}]`, () => verifyInclusion(leaf, m, n, flipByte(proof, i), root)]);
        if (proof.length > 0) probes.push(['missing hash', () => verifyInclusion(leaf, m, n, proof.slice(0, -1), root)]);
        if (proof.length > 1) probes.push(['reordered', () => verifyInclusion(leaf, m, n, [...proof].reverse(), root)]);
        for (const [name, probe] of probes) if (!refuses(probe)) wrong.push(`leaf ${m}: ${name}`);
        checked += 1;
      }
      expect(wrong, `size ${n}`).toEqual([]);
    });
    expect(checked).toBe((MAX_SIZE * (MAX_SIZE + 1)) / 2);
  });

  it('produces every consistency proof equal to RFC PROOF, verifies it, and refuses it corrupted', async () => {
    let checked = 0;
    await forEachSize(async (store, n) => {
      const newRoot = MTH({ begin: 0, end: n });
      const wrong: string[] = [];
      for (let m = 0; m <= n; m++) {
        const oldRoot = MTH({ begin: 0, end: m });
        const proof = await readConsistencyProof(store, m, n);
        if (proof.map(toHex).join() !== PROOF(m, n).map(toHex).join()) wrong.push(`from ${m}: differs from PROOF(${m}, D[${n}])`);
        if (refuses(() => verifyConsistency(m, n, proof, oldRoot, newRoot))) wrong.push(`from ${m}: the genuine proof is refused`);
        if (m > 0 && m < n && consistencyProofLength(m, n) !== proof.length) wrong.push(`from ${m}: consistencyProofLength says ${consistencyProofLength(m, n)}`);

        // (From the empty tree any new root is consistent, so its new root is not a probe.)
        const probes: [string, () => void][] = [
          ['flipped old root', () => verifyConsistency(m, n, proof, flip(oldRoot), newRoot)],
          ...(m > 0 ? [['flipped new root', () => verifyConsistency(m, n, proof, oldRoot, flip(newRoot))] as [string, () => void]] : []),
          ['extra hash', () => verifyConsistency(m, n, [...proof, newRoot], oldRoot, newRoot)],
        ];
        for (const i of ends(proof)) probes.push([`flipped proof[${i}]`, () => verifyConsistency(m, n, flipByte(proof, i), oldRoot, newRoot)]);
        if (m > 0 && m < n) {
          probes.push(['old size + 1', () => verifyConsistency(m + 1, n, proof, oldRoot, newRoot)]);
          probes.push(['old size - 1', () => verifyConsistency(m - 1, n, proof, oldRoot, newRoot)]);
          probes.push(['new size * 2', () => verifyConsistency(m, n * 2, proof, oldRoot, newRoot)]);
          probes.push(['swapped roots', () => verifyConsistency(m, n, proof, newRoot, oldRoot)]);
          probes.push(['missing hash', () => verifyConsistency(m, n, proof.slice(0, -1), oldRoot, newRoot)]);
        }
        // As for inclusion, n ± 1 is no probe: the same proof shape can serve both sizes.
        if (m > 0 && m < n) probes.push(['new size / 2', () => verifyConsistency(m, Math.floor(n / 2), proof, oldRoot, newRoot)]);
        for (const [name, probe] of probes) if (!refuses(probe)) wrong.push(`from ${m}: ${name}`);
        checked += 1;
      }
      expect(wrong, `size ${n}`).toEqual([]);
    });
    expect(checked).toBe((MAX_SIZE * (MAX_SIZE + 3)) / 2);
  });

  it(`keeps every proof within 2·log2(n) + 2 node reads, in one store call`, async () => {
    const over: string[] = [];
    let most = 0;
    await forEachSize(async (store, n) => {
      const bound = 2 * Math.log2(n) + 2;
      const count = async (what: string, read: () => Promise<unknown>) => {
        store.resetCounters();
        await read();
        if (store.nodesRead > bound || store.readCalls > 1) over.push(`${what}: ${store.nodesRead} nodes in ${store.readCalls} calls`);
        most = Math.max(most, store.nodesRead);
      };
      for (let m = 0; m < n; m++) await count(`inclusion ${m} of ${n}`, () => readInclusionProof(store, m, n));
      for (let m = 0; m <= n; m++) await count(`consistency ${m} to ${n}`, () => readConsistencyProof(store, m, n));
    });
    expect(over).toEqual([]);
    expect(most).toBeGreaterThan(Math.log2(MAX_SIZE)); // the counter really counts
  });
});

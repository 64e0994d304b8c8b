import { LedgerError } from './ledger-error';
import { assertHash, emptyTreeHash, hashChildren } from './merkle-hash';
import { readNodes, type HashReader } from './node-store';
import { assertCount, foldSubtrees, type NodeHash, type NodeId } from './perfect-subtrees';
import { rootNodeIds } from './tree-root';

export interface AppendResult {
  /**
   * Every perfect subtree the append completes, leaves (level 0) included, children before
   * parents. Write them all, in the same transaction as the leaves, before publishing treeSize.
   */
  readonly nodes: NodeHash[];
  /** The tree size after the append. */
  readonly treeSize: number;
  /** MTH of the tree after the append (RFC 9162 §2.1.1), ready to go into a checkpoint. */
  readonly rootHash: Uint8Array;
  /** The frontier after the append: the hashes of appendNodeIds(treeSize), in order, for the next append. */
  readonly frontier: Uint8Array[];
}

/**
 * The stored nodes an append to a tree of `treeSize` leaves reads: its frontier, the perfect
 * subtrees of the current root (one per set bit of treeSize, so ≤ ⌊log2 n⌋ + 1). They are all the
 * append needs: new leaves only ever merge with frontier nodes, and the untouched rest of the
 * frontier is the left part of the new root.
 */
export function appendNodeIds(treeSize: number): NodeId[] {
  return rootNodeIds(treeSize);
}

/**
 * Appends `leafHashes` (each already hashLeaf(data)) to a tree of `treeSize` leaves whose frontier
 * hashes (appendNodeIds(treeSize), in order) are `frontier`.
 *
 * Leaf j becomes node (0, treeSize + j); every time two adjacent nodes of the same level are both
 * complete they combine into their parent (RFC 9162 §2.1.1: HASH(0x01 ‖ left ‖ right)). Leaf i
 * completes 1 + (trailing one bits of i) nodes, so appends write two nodes each on average, and
 * never rewrite one.
 */
export function appendFromNodes(treeSize: number, frontier: readonly Uint8Array[], leafHashes: readonly Uint8Array[]): AppendResult {
  const frontierIds = appendNodeIds(treeSize);
  if (frontier.length !== frontierIds.length) {
    throw new LedgerError('STORE_INCONSISTENT', `expected ${frontierIds.length} frontier hashes for a tree of ${treeSize} leaves, got ${frontier.length}`);
  }
  leafHashes.forEach((h, i) => assertHash(h, `leaf hash ${i} of the append`));
  const newSize = treeSize + leafHashes.length;
  assertCount(newSize, 'the tree size after the append');

  const stack: NodeHash[] = frontierIds.map((id, i) => ({ id, hash: frontier[i] as Uint8Array }));
  const nodes: NodeHash[] = [];
  leafHashes.forEach((hash, j) => {
    let node: NodeHash = { id: { level: 0, index: treeSize + j }, hash };
    nodes.push(node);
    for (let left = stack.at(-1); left !== undefined && left.id.level === node.id.level; left = stack.at(-1)) {
      stack.pop();
      node = { id: { level: node.id.level + 1, index: left.id.index / 2 }, hash: hashChildren(left.hash, node.hash) };
      nodes.push(node);
    }
    stack.push(node);
  });
  const rootHash = newSize === 0 ? emptyTreeHash() : foldSubtrees(stack.map((n) => n.hash));
  return { nodes, treeSize: newSize, rootHash, frontier: stack.map((n) => n.hash) };
}

/**
 * Appends `leafHashes` to the tree of `treeSize` leaves: one read of the O(log n) frontier nodes,
 * then pure hashing. The caller writes `nodes` (and the leaves) and advances the tree size; it
 * must make sure no other append starts from the same treeSize (see the integration notes).
 */
export async function appendLeaves(reader: HashReader, treeSize: number, leafHashes: readonly Uint8Array[]): Promise<AppendResult> {
  return appendFromNodes(treeSize, await readNodes(reader, appendNodeIds(treeSize)), leafHashes);
}

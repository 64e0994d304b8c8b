import { HASH_SIZE } from './merkle-hash';
import { LedgerError } from './ledger-error';
import type { NodeHash, NodeId } from './perfect-subtrees';

/**
 * What the log needs from storage to answer roots and proofs: the hashes of perfect subtrees by
 * (level, index). One call per root or proof, O(log n) ids per call, so a SQL implementation is a
 * single `WHERE (level, index) IN (…)` round trip.
 *
 * Contract: return exactly one hash per id, in the order asked; throw if any node is absent (every
 * id this module asks for belongs to a subtree that was complete at the tree size in question, so
 * an absent node means the store is behind or damaged, never "not yet computed").
 */
export interface HashReader {
  getNodes(ids: readonly NodeId[]): Promise<Uint8Array[]>;
}

/**
 * Where appendLeaves' output goes. Nodes are immutable once written: a store should refuse a
 * second, different hash for the same (level, index) rather than overwrite it.
 */
export interface HashWriter {
  putNodes(nodes: readonly NodeHash[]): Promise<void>;
}

/** Fetches `ids` through `reader` and checks the answer keeps the HashReader contract. */
export async function readNodes(reader: HashReader, ids: readonly NodeId[]): Promise<Uint8Array[]> {
  if (ids.length === 0) return [];
  const hashes = await reader.getNodes(ids);
  if (hashes.length !== ids.length) {
    throw new LedgerError('STORE_INCONSISTENT', `expected the node store to return ${ids.length} hashes, it returned ${hashes.length}`);
  }
  hashes.forEach((hash, i) => {
    if (!(hash instanceof Uint8Array) || hash.length !== HASH_SIZE) {
      const id = ids[i] as NodeId;
      throw new LedgerError('STORE_INCONSISTENT', `expected a ${HASH_SIZE}-byte hash for node (level ${id.level}, index ${id.index}), the store returned ${hash instanceof Uint8Array ? `${hash.length} bytes` : typeof hash}`);
    }
  });
  return hashes;
}

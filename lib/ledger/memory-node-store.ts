import { hashesEqual, toHex } from './merkle-hash';
import { LedgerError } from './ledger-error';
import type { HashReader, HashWriter } from './node-store';
import type { NodeHash, NodeId } from './perfect-subtrees';

/**
 * The node table in a Map: for tests, benchmarks and the offline tools. It counts what it is asked
 * for, which is how the tests hold the proofs to their O(log n) reads.
 */
export class MemoryNodeStore implements HashReader, HashWriter {
  private readonly nodes = new Map<string, Uint8Array>();
  /** getNodes calls since construction or resetCounters(). */
  readCalls = 0;
  /** Node ids requested since construction or resetCounters(). */
  nodesRead = 0;

  get size(): number {
    return this.nodes.size;
  }

  resetCounters(): void {
    this.readCalls = 0;
    this.nodesRead = 0;
  }

  async getNodes(ids: readonly NodeId[]): Promise<Uint8Array[]> {
    this.readCalls += 1;
    this.nodesRead += ids.length;
    return ids.map((id) => {
      const hash = this.nodes.get(key(id));
      if (hash === undefined) throw new LedgerError('STORE_INCONSISTENT', `expected node (level ${id.level}, index ${id.index}) in the store, it is absent`);
      return hash;
    });
  }

  async putNodes(nodes: readonly NodeHash[]): Promise<void> {
    // Check every node before writing any, so a refused batch leaves the store as it was.
    for (const { id, hash } of nodes) {
      const existing = this.nodes.get(key(id));
      if (existing !== undefined && !hashesEqual(existing, hash)) {
        throw new LedgerError('STORE_INCONSISTENT', `node (level ${id.level}, index ${id.index}) is already ${toHex(existing)}; refusing to overwrite it with ${toHex(hash)}`);
      }
    }
    for (const { id, hash } of nodes) this.nodes.set(key(id), Uint8Array.from(hash));
  }
}

const key = (id: NodeId): string => `${id.level}/${id.index}`;

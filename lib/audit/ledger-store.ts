import { and, eq, or } from 'drizzle-orm';
import { schema, type Db } from '@/db/client';
import type { Context } from '../context';
import { LedgerError } from '../ledger/ledger-error';
import type { HashReader } from '../ledger/node-store';
import type { NodeHash, NodeId } from '../ledger/perfect-subtrees';
import { b64u, fromB64u } from '../encoding';
export { b64u, fromB64u };

/** A drizzle handle or an open transaction on it: both run the same queries. */
export type Queryable = Db | Parameters<Parameters<Db['transaction']>[0]>[0];


/**
 * ledger_head.frontier: the frontier hashes as base64url joined by "." (not in the base64url
 * alphabet, RFC 4648 §5), "" for the empty tree.
 */
export const encodeFrontier = (hashes: readonly Uint8Array[]): string => hashes.map(b64u).join('.');
export const decodeFrontier = (text: string): Uint8Array[] => (text === '' ? [] : text.split('.').map(fromB64u));

/** The checkpoint origin (and key name): the public host plus "/ledger", e.g. "sign.example.com/ledger". */
export function ledgerOrigin(ctx: Pick<Context, 'config'>): string {
  return `${new URL(ctx.config.origin).host}/ledger`;
}

/** HashReader over ledger_nodes: one `WHERE (level, idx) IN (…)` query per root or proof. */
export function nodeReader(db: Queryable): HashReader {
  return {
    async getNodes(ids: readonly NodeId[]): Promise<Uint8Array[]> {
      const rows = await db
        .select()
        .from(schema.ledgerNodes)
        .where(or(...ids.map((id) => and(eq(schema.ledgerNodes.level, id.level), eq(schema.ledgerNodes.idx, id.index)))));
      const byKey = new Map(rows.map((r) => [`${r.level}/${r.idx}`, r.hash]));
      return ids.map((id) => {
        const hash = byKey.get(`${id.level}/${id.index}`);
        if (hash === undefined) throw new LedgerError('STORE_INCONSISTENT', `expected node (level ${id.level}, index ${id.index}) in ledger_nodes, it is absent`);
        return fromB64u(hash);
      });
    },
  };
}

/** Writes appended nodes; the (level, idx) primary key refuses a second write of the same node. */
export async function writeNodes(db: Queryable, nodes: readonly NodeHash[]): Promise<void> {
  if (nodes.length === 0) return;
  await db.insert(schema.ledgerNodes).values(nodes.map((n) => ({ level: n.id.level, idx: n.id.index, hash: b64u(n.hash) })));
}

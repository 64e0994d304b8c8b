import type { Context } from '../context';
import { encodeSignatureLeaf, type SignatureLeafInput } from '../ledger/signature-leaf';
import { appendLeaf, type AppendedEntry } from './append-leaf';
import type { LedgerKey } from './ledger-key';
import type { Queryable } from './ledger-store';

export type { AppendedEntry } from './append-leaf';

/**
 * Appends one signature record to the ledger inside the caller's transaction, with a signed
 * checkpoint for the new size (see appendLeaf for the locking and durability contract). Call it
 * last in the transaction so the ledger head lock is held only for the append itself.
 */
export async function appendSignature(tx: Queryable, ctx: Context, key: LedgerKey, leaf: SignatureLeafInput): Promise<AppendedEntry> {
  return appendLeaf(tx, ctx, key, { kind: 'signature', data: encodeSignatureLeaf(leaf), recordId: leaf.recordId });
}

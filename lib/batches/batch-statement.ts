import { b64u, fromB64u, fromHex, fromUtf8, toHex, utf8 } from '../encoding';
import { sha256 } from '../hash';
import { appendLeaves } from '../ledger/append-leaves';
import { readInclusionProof } from '../ledger/inclusion-proof';
import { MemoryNodeStore } from '../ledger/memory-node-store';
import { hashLeaf } from '../ledger/merkle-hash';
import { verifyInclusion } from '../ledger/verify-inclusion';

/**
 * One passkey approval over many documents (docs/batches.md). The challenge is SHA-256 of the
 * approval statement, which commits to an RFC 9162 Merkle tree (§2.1.1) whose leaves are one item
 * statement per approved document. Each document's record keeps its own item, its index and its
 * inclusion path (§2.1.3), so its evidence proves offline that this approval covered this
 * document's hash without carrying the other documents. The first line of each text separates its
 * domain; leaf hashing (0x00 prefix) separates items from inner nodes.
 *
 * Canonical form as lib/signing/statement.ts: "name:value" lines, LF after each, ASCII only. The
 * title, free text, is carried as base64url of its UTF-8 bytes.
 */
export const BATCH_ITEM_DOMAIN = 'signet.batch-item/v1';
export const BATCH_APPROVAL_DOMAIN = 'signet.batch-approval/v1';

export interface BatchItem {
  requestId: string;
  documentSha256: string;
  title: string;
}

export interface BatchApprovalMeta {
  batchId: string;
  signerId: string;
  /** base64url of 32 random bytes from the server. */
  nonce: string;
  /** ISO 8601 UTC with milliseconds. */
  issuedAt: string;
}

export interface BatchApproval {
  statement: Uint8Array;
  /** SHA-256 of the statement: the WebAuthn challenge. */
  challenge: Uint8Array;
  rootHex: string;
  items: { item: BatchItem; bytes: Uint8Array; index: number; path: Uint8Array[] }[];
}

const lines = (l: string[]): Uint8Array => {
  const text = l.join('\n') + '\n';
  if (!/^[\x20-\x7e\n]*$/.test(text) || l.slice(1).some((x) => !/^[a-z0-9-]+:[^\n]+$/.test(x))) throw new Error('batch statement: a value is not in canonical form');
  return new TextEncoder().encode(text);
};

export function encodeBatchItem(meta: Pick<BatchApprovalMeta, 'batchId' | 'signerId'>, item: BatchItem): Uint8Array {
  if (!/^[0-9a-f]{64}$/.test(item.documentSha256)) throw new Error('batch item: document-sha256 is not lowercase hex');
  return lines([
    BATCH_ITEM_DOMAIN,
    `batch-id:${meta.batchId}`,
    `signer-id:${meta.signerId}`,
    `request-id:${item.requestId}`,
    `document-sha256:${item.documentSha256}`,
    `title-b64u:${b64u(utf8(item.title)) || '-'}`,
  ]);
}

export function encodeBatchApproval(meta: BatchApprovalMeta, count: number, rootHex: string): Uint8Array {
  return lines([BATCH_APPROVAL_DOMAIN, `batch-id:${meta.batchId}`, `signer-id:${meta.signerId}`, `count:${count}`, `root:${rootHex}`, `nonce:${meta.nonce}`, `issued-at:${meta.issuedAt}`]);
}

/** Builds the approval statement over `items` (in the order given) with every item's inclusion path. */
export async function buildBatchApproval(meta: BatchApprovalMeta, items: BatchItem[]): Promise<BatchApproval> {
  if (items.length === 0) throw new Error('batch approval: expected at least one item');
  const encoded = items.map((item) => encodeBatchItem(meta, item));
  const leaves = encoded.map((b) => hashLeaf(b));
  const store = new MemoryNodeStore();
  const appended = await appendLeaves(store, 0, leaves);
  await store.putNodes([...leaves.map((hash, index) => ({ id: { level: 0, index }, hash })), ...appended.nodes]);
  const rootHex = toHex(appended.rootHash);
  const statement = encodeBatchApproval(meta, items.length, rootHex);
  const paths = await Promise.all(items.map((_, i) => readInclusionProof(store, i, items.length)));
  return {
    statement,
    challenge: sha256(statement),
    rootHex,
    items: items.map((item, index) => ({ item, bytes: encoded[index]!, index, path: paths[index]! })),
  };
}

/** Parses an approval statement; null unless it is exactly the canonical encoding. */
export function decodeBatchApproval(bytes: Uint8Array): (BatchApprovalMeta & { count: number; rootHex: string }) | null {
  const m = /^signet\.batch-approval\/v1\nbatch-id:([0-9a-f-]{36})\nsigner-id:([0-9a-f-]{36})\ncount:([1-9][0-9]{0,3})\nroot:([0-9a-f]{64})\nnonce:([A-Za-z0-9_-]{16,})\nissued-at:(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)\n$/.exec(new TextDecoder().decode(bytes));
  if (!m) return null;
  return { batchId: m[1]!, signerId: m[2]!, count: Number(m[3]), rootHex: m[4]!, nonce: m[5]!, issuedAt: m[6]! };
}

function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** Parses an item statement; null unless it is exactly the canonical encoding. */
export function decodeBatchItem(bytes: Uint8Array): (Pick<BatchApprovalMeta, 'batchId' | 'signerId'> & BatchItem) | null {
  const text = new TextDecoder().decode(bytes);
  const m = /^signet\.batch-item\/v1\nbatch-id:([0-9a-f-]{36})\nsigner-id:([0-9a-f-]{36})\nrequest-id:([0-9a-f-]{36})\ndocument-sha256:([0-9a-f]{64})\ntitle-b64u:([A-Za-z0-9_-]+)\n$/.exec(text);
  if (!m) return null;
  let title: string;
  try {
    title = m[5] === '-' ? '' : fromUtf8(fromB64u(m[5]!));
  } catch {
    return null; // not strict base64url: not canonical either
  }
  const item = { batchId: m[1]!, signerId: m[2]!, requestId: m[3]!, documentSha256: m[4]!, title };
  // Round-trip: only the canonical bytes are accepted.
  return bytesEqual(encodeBatchItem(item, item), bytes) ? item : null;
}

/**
 * What an offline verifier checks: the item is canonical, names this request and document hash,
 * belongs to the approval's batch and signer, and its inclusion path leads to the root the
 * approval statement commits to. Throws when it does not; answers the decoded item.
 */
export function verifyBatchItem(
  approval: Uint8Array,
  item: Uint8Array,
  index: number,
  path: readonly Uint8Array[],
  expected: { documentSha256: string; requestId?: string; signerId?: string },
): NonNullable<ReturnType<typeof decodeBatchItem>> {
  const a = decodeBatchApproval(approval);
  if (!a) throw new Error('the batch approval statement is not in canonical form');
  const it = decodeBatchItem(item);
  if (!it) throw new Error('the batch item is not in canonical signet.batch-item/v1 form');
  if (it.batchId !== a.batchId || it.signerId !== a.signerId) throw new Error(`expected an item of the approval's batch ${a.batchId} and signer ${a.signerId}; it names batch ${it.batchId}, signer ${it.signerId}`);
  if (it.documentSha256 !== expected.documentSha256) throw new Error(`expected the batch item to name document ${expected.documentSha256}; it names ${it.documentSha256}`);
  if (expected.requestId !== undefined && it.requestId !== expected.requestId) throw new Error(`expected the batch item to name request ${expected.requestId}; it names ${it.requestId}`);
  if (expected.signerId !== undefined && it.signerId !== expected.signerId) throw new Error(`expected the batch item to name signer ${expected.signerId}; it names ${it.signerId}`);
  verifyInclusion(hashLeaf(item), index, a.count, path, fromHex(a.rootHex));
  return it;
}

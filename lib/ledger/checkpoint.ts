import { decodeBase64Strict, encodeBase64 } from './base64';
import { LedgerError } from './ledger-error';
import { assertHash, HASH_SIZE } from './merkle-hash';
import { assertCount } from './perfect-subtrees';

/** A log's signed statement of its size and root: the three mandatory lines of a checkpoint. */
export interface Checkpoint {
  readonly origin: string;
  readonly treeSize: number;
  readonly rootHash: Uint8Array;
}

export interface ParsedCheckpoint extends Checkpoint {
  /** Extension lines after the root hash, if a (foreign) log wrote any; Signet writes none. */
  readonly extensions: readonly string[];
}

/**
 * The note text of a checkpoint, c2sp.org/tlog-checkpoint "Note text":
 *
 *   "1. The first line is the origin [...] 2. The second line is the tree size, the ASCII decimal
 *    representation of the number of leaves in the tree, with no leading zeroes [...] 3. The third
 *    line is the root hash, the base64 encoding of the root of the [RFC 6962] Merkle hash tree at
 *    the specified tree size."
 *
 * each line ending in "\n". The origin is held to the note key-name rules (non-empty, no spaces or
 * "+") because the spec recommends it and because the log's key name should equal it.
 */
export function formatCheckpoint(checkpoint: Checkpoint): string {
  const { origin, treeSize, rootHash } = checkpoint;
  if (origin.length === 0 || /[\p{White_Space}+\u0000-\u001f]/u.test(origin)) {
    throw new LedgerError('INVALID_ARGUMENT', `expected a checkpoint origin that is non-empty with no spaces, "+" or control characters (e.g. "example.com/log"), got ${JSON.stringify(origin)}`);
  }
  assertCount(treeSize, 'the checkpoint tree size');
  assertHash(rootHash, 'the checkpoint root hash');
  return `${origin}\n${treeSize}\n${encodeBase64(rootHash)}\n`;
}

/**
 * Reads a checkpoint body (the note text, after the signature was checked). Strict where the spec
 * says MUST: at least three lines, non-empty origin, decimal size without leading zeroes, a
 * base64 root of one SHA-256 hash, non-empty extension lines.
 */
export function parseCheckpoint(body: string): ParsedCheckpoint {
  const bad = (why: string): LedgerError => new LedgerError('CHECKPOINT_MALFORMED', `expected a checkpoint body (c2sp.org/tlog-checkpoint), ${why}`);
  if (!body.endsWith('\n')) throw bad('but the text does not end with a newline');
  const [origin, size, root, ...extensions] = body.slice(0, -1).split('\n');
  if (origin === undefined || size === undefined || root === undefined) throw bad(`but the text has ${body.split('\n').length - 1} lines, at least 3 are required`);
  if (origin.length === 0) throw bad('but the origin line is empty');
  if (!/^(0|[1-9][0-9]*)$/.test(size)) throw bad(`but the tree size line ${JSON.stringify(size)} is not a decimal number without leading zeroes`);
  const treeSize = Number(size);
  if (!Number.isSafeInteger(treeSize)) throw bad(`but the tree size ${size} is beyond 2^53 − 1, the largest this verifier handles`);
  const rootHash = decodeBase64Strict(root);
  if (rootHash === undefined) throw bad(`but the root hash line ${JSON.stringify(root)} is not canonical padded base64`);
  if (rootHash.length !== HASH_SIZE) throw bad(`but the root hash is ${rootHash.length} bytes, a SHA-256 hash is ${HASH_SIZE}`);
  const empty = extensions.findIndex((line) => line.length === 0);
  if (empty >= 0) throw bad(`but extension line ${empty + 1} is empty`);
  return { origin, treeSize, rootHash, extensions };
}

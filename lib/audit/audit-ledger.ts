import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { asc, eq } from 'drizzle-orm';
import { schema } from '@/db/client';
import type { Context } from '../context';
import { appendLeaves, appendNodeIds } from '../ledger/append-leaves';
import { readConsistencyProof } from '../ledger/consistency-proof';
import { hashesEqual, hashLeaf, toHex } from '../ledger/merkle-hash';
import { MemoryNodeStore } from '../ledger/memory-node-store';
import { CERTIFICATE_LEAF_DOMAIN, leafDomain } from '../ledger/certificate-leaf';
import { encodeSignatureLeaf, SIGNATURE_LEAF_DOMAIN, type SignatureLeafInput } from '../ledger/signature-leaf';
import { formatVerifierKey } from '../ledger/verifier-key';
import { verifyCheckpoint } from '../ledger/verify-checkpoint';
import { verifyConsistency } from '../ledger/verify-consistency';
import type { ParsedCheckpoint } from '../ledger/checkpoint';
import { CERTIFICATE_LEAF_KIND } from './append-certificate-event';
import { certificateLeafAudit } from './audit-certificate-leaves';
import { describeLeafDifference } from './leaf-difference';
import { decodeFrontier, fromB64u, ledgerOrigin, nodeReader } from './ledger-store';

/** One thing that does not hold, named by the check that found it and the row it concerns. */
export interface Discrepancy {
  check: string;
  subject: string;
  detail: string;
}

export interface AuditReport {
  ok: boolean;
  treeSize: number;
  records: number;
  /** Certificate lifecycle events (certificate_events rows). */
  certificateEvents: number;
  checkpoints: number;
  documents: number;
  discrepancies: Discrepancy[];
  /** Differences from the current configuration that are not tampering (e.g. ORIGIN changed since). */
  warnings: string[];
}

const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/**
 * Re-derives the whole ledger from the stored records and checks everything the log promises:
 * every leaf is the canonical leaf of its record as stored now, indexes are 0..n−1, every record
 * is logged, the stored nodes are the tree rebuilt from the leaves, every checkpoint is signed by
 * the log key and names the rebuilt root, successive checkpoints are consistent, and every
 * document blob still hashes to its recorded SHA-256. Reads only; reports, never repairs.
 */
export async function auditLedger(ctx: Context): Promise<AuditReport> {
  const found: Discrepancy[] = [];
  const report = (check: string, subject: string, detail: string): void => {
    found.push({ check, subject, detail });
  };

  const records = await ctx.db
    .select({ record: schema.signatureRecords, documentSha256: schema.documents.sha256 })
    .from(schema.signatureRecords)
    .leftJoin(schema.documents, eq(schema.documents.id, schema.signatureRecords.documentId));
  const byId = new Map(records.map((r) => [r.record.id, r]));
  const leaves = await ctx.db.select().from(schema.ledgerLeaves).orderBy(asc(schema.ledgerLeaves.idx));
  const certificates = await certificateLeafAudit(ctx, report);

  // Leaves: position, record, canonical bytes.
  const logged = new Set<string>();
  leaves.forEach((leaf, position) => {
    const subject = `leaf ${leaf.idx}`;
    if (leaf.idx !== position) report('leaf indexes', subject, `expected leaf index ${position} at position ${position}, found ${leaf.idx} (a gap or a moved leaf)`);
    if (logged.has(leaf.recordId)) report('one leaf per record', subject, `expected record ${leaf.recordId} to be logged once, it is logged again here`);
    logged.add(leaf.recordId);
    // The type tag in the bytes must match the kind, so one kind is never audited as the other.
    const expectedDomain = LEAF_DOMAINS[leaf.kind];
    const domain = leafDomain(fromB64u(leaf.data));
    if (expectedDomain === undefined || domain !== expectedDomain) {
      report('leaf type', subject, `expected a leaf of kind signature (${SIGNATURE_LEAF_DOMAIN}) or certificate (${CERTIFICATE_LEAF_DOMAIN}) whose bytes begin with that type, found kind ${JSON.stringify(leaf.kind)} beginning ${JSON.stringify(domain)}`);
      return;
    }
    if (leaf.kind === CERTIFICATE_LEAF_KIND) {
      certificates.checkLeaf(leaf);
      return;
    }
    const row = byId.get(leaf.recordId);
    if (!row) {
      report('leaf record exists', subject, `expected signature record ${leaf.recordId} to exist, it does not (deleted)`);
      return;
    }
    let expected: Uint8Array;
    try {
      expected = encodeSignatureLeaf(leafInput(row.record, row.documentSha256));
    } catch (e) {
      report('leaf = record', subject, `expected record ${leaf.recordId} to yield a canonical leaf: ${message(e)}`);
      return;
    }
    const stored = fromB64u(leaf.data);
    if (!hashesEqual(expected, stored)) {
      report('leaf = record', subject, `expected the stored leaf to be the signet.ledger.signature/v1 leaf of record ${leaf.recordId} as stored now; ${describeLeafDifference(expected, stored)}`);
    }
  });
  for (const r of records) {
    if (!logged.has(r.record.id)) report('record is logged', `record ${r.record.id}`, `expected signature record ${r.record.id} to have a ledger leaf, it has none`);
  }
  certificates.checkAllLogged(logged);

  // Rebuild the tree from the stored leaf bytes; remember the root at every size.
  const rebuilt = new MemoryNodeStore();
  const roots: Uint8Array[] = [];
  for (const [i, leaf] of leaves.entries()) {
    const result = await appendLeaves(rebuilt, i, [hashLeaf(fromB64u(leaf.data))]);
    await rebuilt.putNodes(result.nodes);
    roots[result.treeSize] = result.rootHash;
  }
  const nodes = await ctx.db.select().from(schema.ledgerNodes);
  for (const node of nodes) {
    const subject = `node (${node.level}, ${node.idx})`;
    let expected: Uint8Array | undefined;
    try {
      [expected] = await rebuilt.getNodes([{ level: node.level, index: node.idx }]);
    } catch {
      report('nodes = rebuilt tree', subject, `expected no such node in a tree of ${leaves.length} leaves, found one`);
      continue;
    }
    if (expected && !hashesEqual(expected, fromB64u(node.hash))) {
      report('nodes = rebuilt tree', subject, `expected ${toHex(expected)} as rebuilt from the leaves, stored ${toHex(fromB64u(node.hash))}`);
    }
  }
  if (nodes.length !== rebuilt.size) report('nodes = rebuilt tree', 'ledger_nodes', `expected ${rebuilt.size} stored nodes for ${leaves.length} leaves, found ${nodes.length}`);

  const [head] = await ctx.db.select().from(schema.ledgerHead);
  if ((head?.treeSize ?? 0) !== leaves.length) report('head = leaves', 'ledger_head', `expected the head tree size ${leaves.length} (the number of leaves), found ${head?.treeSize ?? 0}`);
  // The cached frontier feeds the next append's root, so a wrong one would get the next checkpoint signed wrong.
  if (head?.frontier != null && head.frontierSize === head.treeSize) {
    const expected = await rebuilt.getNodes(appendNodeIds(leaves.length)).catch(() => undefined);
    const stored = decodeFrontier(head.frontier);
    if (!expected || stored.length !== expected.length || stored.some((h, i) => !hashesEqual(h, expected[i] as Uint8Array))) {
      report('head frontier = rebuilt tree', 'ledger_head', `expected the cached frontier of ${head.frontierSize} leaves to be the right edge of the tree rebuilt from the leaves (${expected?.length ?? 'no'} hashes), found ${stored.length} other hashes`);
    }
  }

  // Checkpoints: signature, stored columns, rebuilt root, consistency with the previous one.
  const checkpoints = await ctx.db.select().from(schema.ledgerCheckpoints).orderBy(asc(schema.ledgerCheckpoints.treeSize));
  const [keyRow] = await ctx.db.select().from(schema.ledgerKeys);
  const publicKey = keyRow ? fromB64u(keyRow.publicKey) : undefined;
  if (!publicKey && (checkpoints.length > 0 || leaves.length > 0)) report('log key', 'ledger_keys', 'expected the log key that signed the checkpoints, found none');
  // The log origin (and key name) is what each checkpoint was signed under, read from the stored
  // note (C2SP tlog-checkpoint: its first line), never from this process's ORIGIN: auditing from a
  // shell without the server's settings must not raise a false tamper alarm.
  const configured = ledgerOrigin(ctx);
  const origins = new Set<string>();
  let previous: ParsedCheckpoint | undefined;
  for (const row of checkpoints) {
    const subject = `checkpoint ${row.treeSize}`;
    const origin = row.checkpoint.split('\n', 1)[0] ?? '';
    origins.add(origin);
    let cp: ParsedCheckpoint;
    try {
      if (!publicKey) throw new Error('no log key to verify with');
      cp = verifyCheckpoint(row.checkpoint, formatVerifierKey(origin, publicKey), { expectedOrigin: origin });
    } catch (e) {
      report('checkpoint signature', subject, `expected a checkpoint signed by the log key: ${message(e)}`);
      continue;
    }
    if (cp.treeSize !== row.treeSize || Buffer.from(cp.rootHash).toString('base64url') !== row.rootHash) {
      report('checkpoint columns', subject, `expected the stored size and root to be the signed ${cp.treeSize} and ${toHex(cp.rootHash)}, found ${row.treeSize} and ${toHex(fromB64u(row.rootHash))}`);
    }
    const root = roots[cp.treeSize];
    if (!root) report('checkpoint root = rebuilt root', subject, `expected a tree size at most the ${leaves.length} leaves, the checkpoint signs ${cp.treeSize}`);
    else if (!hashesEqual(root, cp.rootHash)) {
      report('checkpoint root = rebuilt root', subject, `expected the signed root ${toHex(cp.rootHash)} to be the root rebuilt from the first ${cp.treeSize} leaves, they give ${toHex(root)}`);
    }
    if (previous) {
      try {
        const proof = await readConsistencyProof(nodeReader(ctx.db), previous.treeSize, cp.treeSize);
        verifyConsistency(previous.treeSize, cp.treeSize, proof, previous.rootHash, cp.rootHash);
      } catch (e) {
        report('checkpoint consistency', subject, `expected checkpoint ${previous.treeSize} to be a prefix of checkpoint ${cp.treeSize}: ${message(e)}`);
      }
    }
    previous = cp;
  }
  if (leaves.length > 0 && previous?.treeSize !== leaves.length) {
    report('latest checkpoint covers the log', 'ledger_checkpoints', `expected a signed checkpoint for all ${leaves.length} leaves, the latest verified one covers ${previous?.treeSize ?? 0}`);
  }

  // Document blobs.
  const documents = await ctx.db.select().from(schema.documents);
  for (const doc of documents) {
    const subject = `document ${doc.id}`;
    try {
      const actual = await hashFile(ctx.blobs.pathOf(doc.sha256));
      if (actual !== doc.sha256) report('blob = document hash', subject, `expected the stored bytes to hash to ${doc.sha256}, they hash to ${actual}`);
    } catch (e) {
      report('blob = document hash', subject, `expected a blob for SHA-256 ${doc.sha256}: ${message(e)}`);
    }
  }

  const warnings: string[] = [];
  if (origins.size > 1) warnings.push(`the checkpoints were signed under ${origins.size} log origins over time: ${[...origins].join(', ')} (ORIGIN was changed)`);
  if (origins.size > 0 && !origins.has(configured)) {
    warnings.push(`this process's ORIGIN gives the log origin ${configured}, the stored checkpoints name ${[...origins].join(', ')}: audited against the stored ones`);
  }

  return {
    ok: found.length === 0,
    treeSize: leaves.length,
    records: records.length,
    certificateEvents: certificates.events,
    checkpoints: checkpoints.length,
    documents: documents.length,
    discrepancies: found,
    warnings,
  };
}

type RecordRow = typeof schema.signatureRecords.$inferSelect;

/** ledger_leaves.kind → the type tag its bytes begin with. */
const LEAF_DOMAINS: Partial<Record<string, string>> = { signature: SIGNATURE_LEAF_DOMAIN, [CERTIFICATE_LEAF_KIND]: CERTIFICATE_LEAF_DOMAIN };

function leafInput(record: RecordRow, documentSha256: string | null): SignatureLeafInput {
  return {
    recordId: record.id,
    requestId: record.requestId,
    signerId: record.signerId,
    signedAt: record.signedAt.toISOString(),
    documentSha256: documentSha256 ?? '(document missing)',
    credentialId: record.credentialId,
    statement: record.statement,
    clientDataJSON: record.clientDataJson,
    authenticatorData: record.authenticatorData,
    signature: record.signature,
    publicKey: record.publicKeySpki,
  };
}

async function hashFile(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

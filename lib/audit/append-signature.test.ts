import { asc } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { schema } from '@/db/client';
import type { Context } from '@/lib/context';
import { AppError } from '@/lib/errors';
import { hashLeaf } from '@/lib/ledger/merkle-hash';
import { verifyCheckpoint } from '@/lib/ledger/verify-checkpoint';
import { verifyInclusion } from '@/lib/ledger/verify-inclusion';
import { beginSigning } from '@/lib/signing/begin-signing';
import { completeSigning } from '@/lib/signing/complete-signing';
import { finishRegistration } from '@/lib/signing/finish-registration';
import { ensurePki } from '@/lib/certificates/ensure-pki';
import { createTestContext, testDatabaseUrl, TEST_ORIGIN, TEST_RP_ID, uploadAndRequest, type TestContext } from '@/test/support/context';
import { SoftAuthenticator } from '@/test/support/soft-authenticator';
import { getInclusionProof, getLatestCheckpoint, getLedgerEntry, getTreeSize, getVerifierKey } from './read-ledger';

const meta = { ip: null, userAgent: null };

interface Prepared {
  token: string;
  passkey: SoftAuthenticator;
  challenge: string;
}

/** A request whose signer has a passkey and a signing challenge, ready for completeSigning. */
async function prepare(ctx: Context, label: string): Promise<Prepared> {
  const { token } = await uploadAndRequest(ctx, `%PDF-1.4 ledger ${label}`);
  const passkey = new SoftAuthenticator({ origin: TEST_ORIGIN, rpId: TEST_RP_ID });
  const reg = await beginSigning(ctx, token);
  await finishRegistration(ctx, token, passkey.register(reg.options.challenge));
  const begin = await beginSigning(ctx, token);
  if (begin.kind !== 'signing') throw new Error('expected a signing challenge');
  return { token, passkey, challenge: begin.options.challenge };
}

/**
 * Signs `count` requests all at once, spread round-robin over `instances`, then checks the log:
 * indexes exactly 0..n−1, one leaf per record, one checkpoint per committed batch, every checkpoint signed by
 * the one log key, and every leaf's inclusion proof valid against the latest checkpoint.
 */
async function signConcurrentlyAndCheck(instances: Context[], count: number): Promise<void> {
  const [first] = instances;
  if (!first) throw new Error('expected at least one instance');
  // The first-start PKI logs its certificates first; signatures follow them.
  await ensurePki(first);
  const base = await getTreeSize(first);
  const expectedIndexes = Array.from({ length: count }, (_, i) => base + i);
  const prepared: Prepared[] = [];
  for (let i = 0; i < count; i += 1) prepared.push(await prepare(first, String(i)));

  const signed = await Promise.all(
    prepared.map((p, i) => completeSigning(instances[i % instances.length]!, p.token, p.passkey.assert(p.challenge), meta)),
  );

  expect(signed.map((s) => s.ledgerIndex).sort((a, b) => a - b)).toEqual(expectedIndexes);
  const leaves = await first.db.select().from(schema.ledgerLeaves).orderBy(asc(schema.ledgerLeaves.idx));
  expect(leaves.map((l) => l.idx)).toEqual(Array.from({ length: base + count }, (_, i) => i));
  const signatureLeaves = leaves.filter((l) => l.kind === 'signature');
  expect(signatureLeaves.map((l) => l.idx)).toEqual(expectedIndexes);
  expect(new Set(signatureLeaves.map((l) => l.recordId))).toEqual(new Set(signed.map((s) => s.recordId)));
  for (const s of signed) expect(leaves[s.ledgerIndex]?.recordId).toBe(s.recordId);
  expect(await getTreeSize(first)).toBe(base + count);

  const key = await getVerifierKey(first);
  const checkpoints = await first.db.select().from(schema.ledgerCheckpoints).orderBy(asc(schema.ledgerCheckpoints.treeSize));
  // Group commit: one checkpoint per committed batch, so sizes strictly grow and the last covers all.
  const sizes = checkpoints.filter((c) => c.treeSize > base).map((c) => c.treeSize);
  expect(sizes.length).toBeGreaterThan(0);
  expect(sizes.length).toBeLessThanOrEqual(count);
  sizes.forEach((size, i) => expect(size).toBeGreaterThan(i === 0 ? base : (sizes[i - 1] as number)));
  expect(sizes.at(-1)).toBe(base + count);
  for (const c of checkpoints) expect(verifyCheckpoint(c.checkpoint, key).treeSize).toBe(c.treeSize);

  const latest = verifyCheckpoint((await getLatestCheckpoint(first)).checkpoint, key);
  expect(latest.treeSize).toBe(base + count);
  for (let index = 0; index < base + count; index += 1) {
    const entry = await getLedgerEntry(first, index);
    const proof = await getInclusionProof(instances[index % instances.length]!, index, latest.treeSize);
    verifyInclusion(hashLeaf(Buffer.from(entry.data, 'base64')), index, latest.treeSize, proof.hashes.map((h) => Buffer.from(h, 'base64')), latest.rootHash);
  }
}

describe('appending signatures to the ledger', () => {
  let ctx: TestContext | undefined;
  afterEach(async () => {
    await ctx?.dispose();
    ctx = undefined;
  });

  it('gives 40 parallel signings consecutive indexes after the PKI certificate leaves, no gap or duplicate, every proof valid (PGlite)', async () => {
    ctx = await createTestContext();
    await signConcurrentlyAndCheck([ctx], 40);
  }, 120_000);

  it('leaves the ledger unchanged when a signing is refused', async () => {
    ctx = await createTestContext();
    const p = await prepare(ctx, 'refused');
    const assertion = p.passkey.assert(p.challenge);
    await completeSigning(ctx, p.token, assertion, meta);
    const before = await getLatestCheckpoint(ctx);
    const sizeBefore = await getTreeSize(ctx);

    await expect(completeSigning(ctx, p.token, assertion, meta)).rejects.toMatchObject({ code: 'REQUEST_ALREADY_SIGNED' } satisfies Partial<AppError>);

    expect(await getLatestCheckpoint(ctx)).toEqual(before);
    expect(await getTreeSize(ctx)).toBe(sizeBefore);
    expect(before.treeSize).toBe(sizeBefore);
  });

  it('answers LEDGER_EMPTY for the checkpoint and key before the first signature', async () => {
    ctx = await createTestContext();
    await expect(getLatestCheckpoint(ctx)).rejects.toMatchObject({ code: 'LEDGER_EMPTY' });
    await expect(getVerifierKey(ctx)).rejects.toMatchObject({ code: 'LEDGER_EMPTY' });
    expect(await getTreeSize(ctx)).toBe(0);
  });

  it('stores the log key encrypted under the master key, never its PKCS#8 bytes', async () => {
    ctx = await createTestContext();
    const p = await prepare(ctx, 'key');
    await completeSigning(ctx, p.token, p.passkey.assert(p.challenge), meta);
    const [row] = await ctx.db.select().from(schema.ledgerKeys);
    const blob = Buffer.from(row!.encryptedPrivateKey, 'base64url');
    expect(blob[0]).toBe(1); // key-encryption.ts blob version
    expect(blob.includes(Buffer.from('302e020100300506032b6570', 'hex'))).toBe(false);
  });
});

describe.runIf(testDatabaseUrl())('appending signatures to the ledger on PostgreSQL', () => {
  let ctx: TestContext | undefined;
  afterEach(async () => {
    await ctx?.dispose();
    ctx = undefined;
  });

  it('gives 40 parallel signings on two instances consecutive indexes after the PKI leaves, no gap or duplicate, one log key, every proof valid', async () => {
    ctx = await createTestContext({}, { postgres: true });
    const other = await ctx.openInstance();
    await signConcurrentlyAndCheck([ctx, other], 40);
    expect(await ctx.db.select().from(schema.ledgerKeys)).toHaveLength(1);
  }, 120_000);

  it('at load — 160 signings at once over two instances, each grouping its own batches — keeps indexes gapless and every proof valid', async () => {
    ctx = await createTestContext({}, { postgres: true });
    const other = await ctx.openInstance();
    const checkpointsBefore = (await ctx.db.select().from(schema.ledgerCheckpoints)).length;
    await signConcurrentlyAndCheck([ctx, other], 160);
    // Both committers grouped: far fewer checkpoints (one per batch) than signings.
    const batches = (await ctx.db.select().from(schema.ledgerCheckpoints)).length - checkpointsBefore;
    expect(batches).toBeGreaterThanOrEqual(2);
    expect(batches).toBeLessThan(160);
  }, 300_000);
});

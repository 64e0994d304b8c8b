import { readFile, writeFile } from 'node:fs/promises';
import { and, asc, eq, ne } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, schema } from '@/db/client';
import { createContext, type Context } from '@/lib/context';
import { ensurePki } from '@/lib/certificates/ensure-pki';
import { renewLocal } from '@/lib/certificates/renew-local';
import { revokeCertificate } from '@/lib/certificates/revoke-certificate';
import { beginSigning } from '@/lib/signing/begin-signing';
import { completeSigning } from '@/lib/signing/complete-signing';
import { finishRegistration } from '@/lib/signing/finish-registration';
import { createTestContext, sha256hex, TEST_ORIGIN, TEST_RP_ID, uploadAndRequest, type TestContext } from '@/test/support/context';
import { SoftAuthenticator } from '@/test/support/soft-authenticator';
import { auditLedger, type AuditReport } from './audit-ledger';

/**
 * npm run audit:verify's logic against a real database with real signatures: the untouched copy
 * passes, and each tampering with a stored field that matters, made in a fresh copy of that
 * database (PGlite dumpDataDir → loadDataDir), is named.
 */
describe('auditLedger', () => {
  let ctx: TestContext;
  let dump: Blob;
  const records: { recordId: string; documentSha256: string; ledgerIndex: number }[] = [];
  /** Leaves: 0–2 the first-start PKI (issue ×3, one checkpoint), 3–5 signatures, 6 a renewal (activate), 7 a revocation. */
  const CHECKPOINT_SIZES = [3, 4, 5, 6, 7, 8];
  let revokedId = '';

  beforeAll(async () => {
    ctx = await createTestContext();
    await ensurePki(ctx);
    for (let i = 0; i < 3; i += 1) {
      const { token, document } = await uploadAndRequest(ctx, `%PDF-1.4 audited document ${i}`);
      const passkey = new SoftAuthenticator({ origin: TEST_ORIGIN, rpId: TEST_RP_ID });
      const reg = await beginSigning(ctx, token);
      await finishRegistration(ctx, token, passkey.register(reg.options.challenge));
      const begin = await beginSigning(ctx, token);
      const signed = await completeSigning(ctx, token, passkey.assert(begin.options.challenge), { ip: null, userAgent: null });
      ctx.clock.advance(60_000);
      records.push({ recordId: signed.recordId, documentSha256: document.sha256, ledgerIndex: signed.ledgerIndex });
    }
    const renewed = await renewLocal(ctx);
    const old = await ctx.db.select().from(schema.certificates).where(and(eq(schema.certificates.role, 'signing'), ne(schema.certificates.id, renewed.id)));
    revokedId = old[0]!.id;
    await revokeCertificate(ctx, revokedId, { reason: 'key copied to a laptop that was lost' });
    dump = await ctx.database.dumpPglite!();
  }, 60_000);
  afterAll(async () => ctx.dispose());

  /** Runs `tamper` on a fresh copy of the signed database and audits the copy. */
  async function auditCopy(tamper: (copy: Context) => Promise<void>): Promise<AuditReport> {
    const database = await openDatabase({ pgliteTemplate: dump });
    try {
      const copy = await createContext({ config: ctx.config, database, clock: ctx.clock });
      await tamper(copy);
      return await auditLedger(copy);
    } finally {
      await database.close();
    }
  }
  const checksOf = (report: AuditReport): string[] => [...new Set(report.discrepancies.map((d) => d.check))];
  const middle = (): { recordId: string; documentSha256: string; ledgerIndex: number } => records[1]!;
  const checkpointsAfter = (index: number): string[] => CHECKPOINT_SIZES.filter((size) => size > index).map((size) => `checkpoint ${size}`);

  it('passes the untouched database, every record, checkpoint and blob accounted for', async () => {
    const report = await auditCopy(async () => {});

    expect(report.discrepancies).toEqual([]);
    expect(report).toMatchObject({ ok: true, treeSize: 8, records: 3, certificateEvents: 5, checkpoints: 6, documents: 3 });
    expect(records.map((r) => r.ledgerIndex)).toEqual([3, 4, 5]);
  });

  it('names a changed document hash (the leaf and the blob no longer match)', async () => {
    const report = await auditCopy(async (c) => {
      const [record] = await c.db.select().from(schema.signatureRecords).where(eq(schema.signatureRecords.id, middle().recordId));
      await c.db.update(schema.documents).set({ sha256: sha256hex('another document') }).where(eq(schema.documents.id, record!.documentId));
    });

    expect(report.ok).toBe(false);
    expect(checksOf(report)).toEqual(['leaf = record', 'blob = document hash']);
    expect(report.discrepancies[0]).toMatchObject({ subject: `leaf ${middle().ledgerIndex}` });
    expect(report.discrepancies[0]?.detail).toContain('document-sha256 differs');
  });

  const recordEdits: [string, Partial<typeof schema.signatureRecords.$inferInsert>, string][] = [
    ['statement', { statement: Buffer.from('signet.statement/v1\nforged\n').toString('base64url') }, 'statement-sha256 differs'],
    ['signature', { signature: Buffer.alloc(70, 1).toString('base64url') }, 'signature-sha256 differs'],
    ['time', { signedAt: new Date('2026-02-01T00:00:00.000Z') }, 'signed-at differs'],
  ];
  for (const [field, edit, detail] of recordEdits) {
    it(`names a changed record ${field}`, async () => {
      const report = await auditCopy(async (c) => {
        await c.db.update(schema.signatureRecords).set(edit).where(eq(schema.signatureRecords.id, middle().recordId));
      });

      expect(checksOf(report)).toEqual(['leaf = record']);
      expect(report.discrepancies[0]?.subject).toBe(`leaf ${middle().ledgerIndex}`);
      expect(report.discrepancies[0]?.detail).toContain(detail);
    });
  }

  it('names a record moved to another signer', async () => {
    const report = await auditCopy(async (c) => {
      const [other] = await c.db.select().from(schema.signatureRecords).where(ne(schema.signatureRecords.id, middle().recordId)).limit(1);
      await c.db.update(schema.signatureRecords).set({ signerId: other!.signerId }).where(eq(schema.signatureRecords.id, middle().recordId));
    });

    expect(checksOf(report)).toEqual(['leaf = record']);
    expect(report.discrepancies[0]?.detail).toContain('signer-id differs');
  });

  it('names a changed leaf: it no longer matches its record, and the rebuilt tree no longer matches the stored nodes and signed roots', async () => {
    const report = await auditCopy(async (c) => {
      const [leaf] = await c.db.select().from(schema.ledgerLeaves).where(eq(schema.ledgerLeaves.idx, middle().ledgerIndex));
      const bytes = Buffer.from(leaf!.data, 'base64url');
      bytes[bytes.length - 2] = bytes[bytes.length - 2] === 0x30 ? 0x31 : 0x30;
      await c.db.update(schema.ledgerLeaves).set({ data: bytes.toString('base64url') }).where(eq(schema.ledgerLeaves.idx, middle().ledgerIndex));
    });

    expect(checksOf(report)).toEqual(['leaf = record', 'nodes = rebuilt tree', 'head frontier = rebuilt tree', 'checkpoint root = rebuilt root']);
    expect(report.discrepancies.filter((d) => d.check === 'checkpoint root = rebuilt root').map((d) => d.subject)).toEqual(checkpointsAfter(middle().ledgerIndex));
  });

  it('names a changed document blob byte', async () => {
    const file = ctx.blobs.pathOf(middle().documentSha256);
    const original = await readFile(file);
    try {
      const report = await auditCopy(async () => {
        const altered = Buffer.from(original);
        altered[altered.length - 1] = altered[altered.length - 1]! ^ 0x01;
        await writeFile(file, altered);
      });

      expect(checksOf(report)).toEqual(['blob = document hash']);
      expect(report.discrepancies[0]?.detail).toContain(`expected the stored bytes to hash to ${middle().documentSha256}`);
    } finally {
      await writeFile(file, original);
    }
  });

  it('names a deleted record', async () => {
    const report = await auditCopy(async (c) => {
      await c.db.delete(schema.signatureRecords).where(eq(schema.signatureRecords.id, middle().recordId));
    });

    expect(checksOf(report)).toEqual(['leaf record exists']);
    expect(report.discrepancies[0]).toMatchObject({ subject: `leaf ${middle().ledgerIndex}` });
  });

  it('names a record deleted together with its leaf (a gap, and roots that no longer rebuild)', async () => {
    const report = await auditCopy(async (c) => {
      await c.db.delete(schema.ledgerLeaves).where(eq(schema.ledgerLeaves.recordId, middle().recordId));
      await c.db.delete(schema.signatureRecords).where(eq(schema.signatureRecords.id, middle().recordId));
    });

    expect(checksOf(report)).toEqual(expect.arrayContaining(['leaf indexes', 'head = leaves', 'head frontier = rebuilt tree', 'checkpoint root = rebuilt root']));
  });

  it('names two leaves swapped', async () => {
    const report = await auditCopy(async (c) => {
      const leaves = await c.db.select().from(schema.ledgerLeaves).orderBy(asc(schema.ledgerLeaves.idx));
      const [a, b] = [records[0]!.ledgerIndex, records[1]!.ledgerIndex];
      await c.db.update(schema.ledgerLeaves).set({ idx: 1000 }).where(eq(schema.ledgerLeaves.idx, a));
      await c.db.update(schema.ledgerLeaves).set({ idx: a }).where(eq(schema.ledgerLeaves.idx, b));
      await c.db.update(schema.ledgerLeaves).set({ idx: b }).where(eq(schema.ledgerLeaves.idx, 1000));
      expect(leaves).toHaveLength(8);
    });

    expect(checksOf(report)).toEqual(['nodes = rebuilt tree', 'head frontier = rebuilt tree', 'checkpoint root = rebuilt root']);
    expect(report.discrepancies.filter((d) => d.check === 'checkpoint root = rebuilt root').map((d) => d.subject)).toEqual(checkpointsAfter(records[0]!.ledgerIndex));
  });

  it('names a changed frontier cached in the head row (it would get the next checkpoint signed wrong)', async () => {
    const report = await auditCopy(async (c) => {
      const [head] = await c.db.select().from(schema.ledgerHead);
      const parts = head!.frontier!.split('.');
      parts[0] = Buffer.alloc(32, 7).toString('base64url');
      await c.db.update(schema.ledgerHead).set({ frontier: parts.join('.') });
    });

    expect(checksOf(report)).toEqual(['head frontier = rebuilt tree']);
    expect(report.discrepancies[0]?.subject).toBe('ledger_head');
  });

  it('names a checkpoint whose signature was altered', async () => {
    const report = await auditCopy(async (c) => {
      const [row] = await c.db.select().from(schema.ledgerCheckpoints).where(eq(schema.ledgerCheckpoints.treeSize, 4));
      const forged = row!.checkpoint.replace(/ (\S)(\S*)\n$/, (_m, first: string, rest: string) => ` ${first === 'A' ? 'B' : 'A'}${rest}\n`);
      await c.db.update(schema.ledgerCheckpoints).set({ checkpoint: forged }).where(eq(schema.ledgerCheckpoints.treeSize, 4));
    });

    expect(checksOf(report)).toEqual(['checkpoint signature']);
    expect(report.discrepancies[0]?.subject).toBe('checkpoint 4');
  });
});

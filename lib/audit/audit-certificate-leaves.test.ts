import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, schema } from '@/db/client';
import { ensurePki } from '@/lib/certificates/ensure-pki';
import { renewLocal } from '@/lib/certificates/renew-local';
import { revokeCertificate } from '@/lib/certificates/revoke-certificate';
import { createContext, type Context } from '@/lib/context';
import { createTestContext, type TestContext } from '@/test/support/context';
import { auditLedger, type AuditReport } from './audit-ledger';
import { listRecentLedgerEntries } from './recent-entries';

/**
 * Certificate lifecycle leaves under `npm run audit:verify`: a real database with the
 * first-start PKI (leaves 0–2, issue), a renewal (leaf 3, activate) and a revocation (leaf 4)
 * passes; each tampering, made in a fresh copy, is named.
 */
describe('auditLedger on certificate lifecycle leaves', () => {
  let ctx: TestContext;
  let dump: Blob;
  let originalId = '';
  let renewedId = '';

  beforeAll(async () => {
    ctx = await createTestContext();
    originalId = (await ensurePki(ctx)).signing.id;
    ctx.clock.advance(60_000);
    renewedId = (await renewLocal(ctx)).id;
    ctx.clock.advance(60_000);
    await revokeCertificate(ctx, originalId, { reason: 'laptop with a key export was lost' });
    dump = await ctx.database.dumpPglite!();
  }, 60_000);
  afterAll(async () => ctx.dispose());

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
  it('lists the newest entries first with their type and the certificate event they log (ledger page)', async () => {
    const entries = await listRecentLedgerEntries(ctx, 2);
    expect(entries.map((e) => [e.index, e.kind, e.certificate?.event, e.certificate?.certificateId])).toEqual([
      [4, 'certificate', 'revoke', originalId],
      [3, 'certificate', 'activate', renewedId],
    ]);
  });

  const checksOf = (report: AuditReport): string[] => [...new Set(report.discrepancies.map((d) => d.check))];

  it('logs issue ×3, activate, revoke in order, each event naming its leaf, and the untouched copy passes', async () => {
    const events = await ctx.db.select().from(schema.certificateEvents).orderBy(asc(schema.certificateEvents.ledgerIndex));
    const leaves = await ctx.db.select().from(schema.ledgerLeaves).orderBy(asc(schema.ledgerLeaves.idx));
    expect(events.map((e) => [e.ledgerIndex, e.event])).toEqual([[0, 'issue'], [1, 'issue'], [2, 'issue'], [3, 'activate'], [4, 'revoke']]);
    expect(leaves.map((l) => [l.kind, l.recordId])).toEqual(events.map((e) => ['certificate', e.id]));
    expect(events[3]?.certificateId).toBe(renewedId);
    expect(events[4]).toMatchObject({ certificateId: originalId, revocationReason: 'laptop with a key export was lost' });
    const checkpoints = await ctx.db.select().from(schema.ledgerCheckpoints);
    expect(checkpoints.map((c) => c.treeSize).sort()).toEqual([3, 4, 5]);

    const report = await auditCopy(async () => {});
    expect(report.discrepancies).toEqual([]);
    expect(report).toMatchObject({ ok: true, treeSize: 5, records: 0, certificateEvents: 5, checkpoints: 3 });
  });

  it('names a changed certificate fingerprint: it no longer hashes the DER, and no longer matches the logged leaves', async () => {
    const report = await auditCopy(async (c) => {
      await c.db.update(schema.certificates).set({ fingerprint: 'ab'.repeat(32) }).where(eq(schema.certificates.id, renewedId));
    });

    expect(checksOf(report)).toEqual(['certificate fingerprint = DER', 'leaf = certificate event']);
    expect(report.discrepancies[1]).toMatchObject({ subject: 'leaf 3' });
    expect(report.discrepancies[1]?.detail).toContain('fingerprint-sha256 differs');
  });

  it('names a changed revocation reason and time', async () => {
    const report = await auditCopy(async (c) => {
      await c.db.update(schema.certificateEvents).set({ revocationReason: 'routine', revokedAt: new Date('2026-01-01T00:00:00.000Z') }).where(eq(schema.certificateEvents.ledgerIndex, 4));
    });

    // The event no longer matches its leaf, nor the certificate's own revocation columns.
    expect(checksOf(report)).toEqual(['certificate revocation = logged event', 'leaf = certificate event']);
    expect(report.discrepancies[1]).toMatchObject({ subject: 'leaf 4' });
    expect(report.discrepancies[1]?.detail).toContain('revocation-reason differs');
  });

  it('names a certificate un-revoked or back-dated after its revocation was logged', async () => {
    const unrevoked = await auditCopy(async (c) => {
      await c.db.update(schema.certificates).set({ revokedAt: null, revocationReason: null }).where(eq(schema.certificates.id, originalId));
    });
    expect(checksOf(unrevoked)).toEqual(['certificate revocation = logged event']);
    expect(unrevoked.discrepancies[0]?.detail).toContain('the certificate says not revoked');

    const backdated = await auditCopy(async (c) => {
      await c.db.update(schema.certificates).set({ revokedAt: new Date('2025-01-01T00:00:00.000Z') }).where(eq(schema.certificates.id, originalId));
    });
    expect(checksOf(backdated)).toEqual(['certificate revocation = logged event']);
    expect(backdated.discrepancies[0]).toMatchObject({ subject: `certificate ${originalId}` });
  });

  it('names a deleted certificate event', async () => {
    const report = await auditCopy(async (c) => {
      await c.db.delete(schema.certificateEvents).where(eq(schema.certificateEvents.ledgerIndex, 3));
    });

    expect(checksOf(report)).toEqual(['leaf certificate event exists']);
    expect(report.discrepancies[0]).toMatchObject({ subject: 'leaf 3' });
    expect(report.discrepancies[0]?.detail).toContain('does not (deleted)');
  });

  it('names an event deleted together with its leaf (the event is gone from the log and the roots no longer rebuild)', async () => {
    const report = await auditCopy(async (c) => {
      await c.db.delete(schema.ledgerLeaves).where(eq(schema.ledgerLeaves.idx, 4));
    });

    expect(checksOf(report)).toEqual(expect.arrayContaining(['certificate event is logged', 'head = leaves', 'checkpoint root = rebuilt root']));
  });

  it('names an event moved to another leaf index', async () => {
    const report = await auditCopy(async (c) => {
      await c.db.update(schema.certificateEvents).set({ ledgerIndex: 99 }).where(eq(schema.certificateEvents.ledgerIndex, 1));
    });

    expect(checksOf(report)).toEqual(['certificate event index = leaf']);
    expect(report.discrepancies[0]?.subject).toBe('leaf 1');
  });

  it('names a leaf of the wrong type: a certificate leaf relabelled as a signature, and signature bytes filed as a certificate', async () => {
    const relabelled = await auditCopy(async (c) => {
      await c.db.update(schema.ledgerLeaves).set({ kind: 'signature' }).where(eq(schema.ledgerLeaves.idx, 0));
    });
    expect(checksOf(relabelled)).toEqual(['leaf type']);
    expect(relabelled.discrepancies[0]).toMatchObject({ subject: 'leaf 0' });

    const forged = await auditCopy(async (c) => {
      const bytes = Buffer.from('signet.ledger.signature/v1\nrecord-id:x\n').toString('base64url');
      await c.db.update(schema.ledgerLeaves).set({ data: bytes }).where(eq(schema.ledgerLeaves.idx, 2));
    });
    expect(checksOf(forged)).toEqual(expect.arrayContaining(['leaf type', 'nodes = rebuilt tree', 'checkpoint root = rebuilt root']));
    expect(forged.discrepancies[0]?.detail).toContain('beginning "signet.ledger.signature/v1"');
  });
});

import { count, desc, eq } from 'drizzle-orm';
import { schema } from '@/db/client';
import type { Context } from '../context';
import { allCertificates, type CertificateRow } from './certificate-store';
import { certificateStatus, type CertificateState } from './certificate-status';
import { ensurePki } from './ensure-pki';

export interface CertificateView {
  id: string;
  role: 'root' | 'signing' | 'tsa';
  source: string;
  active: boolean;
  state: CertificateState;
  daysLeft: number;
  subject: string;
  issuer: string;
  serial: string;
  fingerprint: string;
  notBefore: string;
  notAfter: string;
  activatedAt: string | null;
  revokedAt: string | null;
  revocationReason: string | null;
  /** How many records this certificate countersigned. */
  recordCount: number;
}

export interface CertificatesOverview {
  /** The active organisation signing certificate. */
  active: CertificateView | null;
  /** True while the organisation uses the built-in, self-managed CA. */
  selfManaged: boolean;
  certificates: CertificateView[];
}

export function toView(row: CertificateRow, now: Date, reminderDays: number[], recordCount: number): CertificateView {
  const status = certificateStatus(row, now, reminderDays);
  return {
    id: row.id,
    role: row.role as CertificateView['role'],
    source: row.source,
    active: row.status === 'active',
    ...status,
    subject: row.subject,
    issuer: row.issuer,
    serial: row.serial,
    fingerprint: row.fingerprint,
    notBefore: row.notBefore.toISOString(),
    notAfter: row.notAfter.toISOString(),
    activatedAt: row.activatedAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
    revocationReason: row.revocationReason,
    recordCount,
  };
}

/** The active certificate's status and every certificate the organisation has had, newest first. */
export async function listCertificates(ctx: Context): Promise<CertificatesOverview> {
  await ensurePki(ctx);
  const rows = (await allCertificates(ctx)).reverse();
  const counts = await ctx.db
    .select({ id: schema.recordCountersignatures.certificateId, n: count() })
    .from(schema.recordCountersignatures)
    .groupBy(schema.recordCountersignatures.certificateId);
  const byId = new Map(counts.map((c) => [c.id, Number(c.n)]));
  const now = ctx.clock.now();
  const certificates = rows.map((r) => toView(r, now, ctx.config.certReminderDays, byId.get(r.id) ?? 0));
  const active = certificates.find((c) => c.role === 'signing' && c.active) ?? null;
  const activeRow = rows.find((r) => r.id === active?.id);
  return { active, selfManaged: activeRow?.source === 'local', certificates };
}

export interface CertificateRecord {
  recordId: string;
  requestId: string;
  signedAt: string;
  genTime: string;
}

/** The records a certificate countersigned, newest first. */
export async function certificateRecords(ctx: Context, certificateId: string, limit = 200): Promise<CertificateRecord[]> {
  const rows = await ctx.db
    .select({ recordId: schema.signatureRecords.id, requestId: schema.signatureRecords.requestId, signedAt: schema.signatureRecords.signedAt, genTime: schema.recordCountersignatures.genTime })
    .from(schema.recordCountersignatures)
    .innerJoin(schema.signatureRecords, eq(schema.signatureRecords.id, schema.recordCountersignatures.recordId))
    .where(eq(schema.recordCountersignatures.certificateId, certificateId))
    .orderBy(desc(schema.recordCountersignatures.genTime))
    .limit(limit);
  return rows.map((r) => ({ recordId: r.recordId, requestId: r.requestId, signedAt: r.signedAt.toISOString(), genTime: r.genTime.toISOString() }));
}

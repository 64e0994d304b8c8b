import { schema } from '@/db/client';
import type { Context } from '../context';
import { notifyCertificateReminder } from '../notifications/certificate-notices';
import { certificateStatus, type CertificateStatus } from './certificate-status';
import type { CertificateRow } from './certificate-store';
import { ensurePki } from './ensure-pki';
import { recordCertificateOperation } from './record-operation';

export interface CertificateCheck extends CertificateStatus {
  certificate: Pick<CertificateRow, 'id' | 'subject' | 'serial' | 'notAfter'>;
  /** Thresholds (days) this call claimed and delivered a reminder for; empty when none was due or another instance had. */
  delivered: number[];
  /** 0 ok, 1 inside the first reminder threshold, 2 expired / revoked / not yet valid (monitoring-plugin convention). */
  exitCode: 0 | 1 | 2;
}

/**
 * Checks the active signing certificate and delivers the reminders that are due: one per
 * (certificate, threshold) across all instances, because the reminder row's primary key decides
 * who delivers (INSERT … ON CONFLICT DO NOTHING RETURNING). When several thresholds are crossed at
 * once (e.g. the first check runs 5 days before expiry) all are claimed and one notice, for the most
 * urgent, is sent. Delivery: an operation-log entry, and notifications written to the outbox in the
 * same transaction as the claim (e-mail to the certificate's owners, the webhooks), which the outbox
 * worker delivers with retries: a receiver that is down loses nothing.
 */
export async function checkCertificates(ctx: Context): Promise<CertificateCheck> {
  const { signing: row } = await ensurePki(ctx);
  const now = ctx.clock.now();
  const status = certificateStatus(row, now, ctx.config.certReminderDays);
  const due = ctx.config.certReminderDays.filter((t) => status.daysLeft <= t);
  let delivered: number[] = [];
  let queued = { emails: 0, webhooks: 0 };
  if (due.length > 0) {
    await ctx.db.transaction(async (tx) => {
      const claimed = await tx
        .insert(schema.certificateReminders)
        .values(due.map((threshold) => ({ certificateId: row.id, threshold, sentAt: now })))
        .onConflictDoNothing()
        .returning({ threshold: schema.certificateReminders.threshold });
      delivered = claimed.map((c) => c.threshold).sort((a, b) => b - a);
      if (delivered.length === 0) return;
      queued = await notifyCertificateReminder(tx, ctx, {
        threshold: Math.min(...delivered),
        state: status.state,
        daysLeft: status.daysLeft,
        certificate: { id: row.id, subject: row.subject, serial: row.serial, fingerprint: row.fingerprint, notAfter: row.notAfter },
      });
    });
  }
  if (delivered.length > 0) {
    const threshold = Math.min(...delivered);
    await recordCertificateOperation(ctx, { action: 'certificate.reminder', certificateId: row.id, detail: { threshold, daysLeft: status.daysLeft, ...queued } }, { bySystem: true });
  }
  const exitCode = status.state === 'valid' ? 0 : status.state === 'expiring-soon' ? 1 : 2;
  return { ...status, certificate: { id: row.id, subject: row.subject, serial: row.serial, notAfter: row.notAfter }, delivered, exitCode };
}

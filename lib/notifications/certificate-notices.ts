import { schema, type Db } from '@/db/client';
import type { Context } from '../context';
import { DEFAULT_LOCALE } from '../i18n/locales';
import { enqueueEmails, enqueueWebhooks } from './enqueue';

export interface CertificateReminderNotice {
  threshold: number;
  state: string;
  daysLeft: number;
  certificate: { id: string; subject: string; serial: string; fingerprint: string; notAfter: Date };
}

/**
 * certificate.reminder: e-mailed to each person responsible for the organisation certificate, and
 * to the webhooks. Returns how many deliveries were queued.
 */
export async function notifyCertificateReminder(tx: Db, ctx: Context, n: CertificateReminderNotice): Promise<{ emails: number; webhooks: number }> {
  const owners = await tx.select({ email: schema.certificateOwners.email }).from(schema.certificateOwners);
  const emails = await enqueueEmails(
    tx,
    ctx,
    'certificate.reminder',
    owners.map((o) => ({
      to: o.email,
      template: 'certificateReminder' as const,
      locale: DEFAULT_LOCALE,
      params: { certificate: n.certificate.subject, daysLeft: n.daysLeft, notAfter: n.certificate.notAfter.toISOString(), url: `${ctx.config.origin}/certificates` },
    })),
  );
  const webhooks = await enqueueWebhooks(tx, ctx, 'certificate.reminder', {
    threshold: n.threshold,
    state: n.state,
    daysLeft: n.daysLeft,
    certificate: { ...n.certificate, notAfter: n.certificate.notAfter.toISOString() },
  });
  return { emails, webhooks };
}

/** The facts of a certificate a webhook receiver needs to recognise it (never its key). */
export interface CertificateFacts {
  id: string;
  role: string;
  subject: string;
  serial: string;
  fingerprint: string;
  notBefore: Date;
  notAfter: Date;
}

const factsOf = (c: CertificateFacts) => ({ id: c.id, role: c.role, subject: c.subject, serial: c.serial, fingerprint: c.fingerprint, notBefore: c.notBefore.toISOString(), notAfter: c.notAfter.toISOString() });

/** certificate.renewed: a new certificate replaced the active one of its role (renewal or import), in the activation's transaction. */
export async function notifyCertificateRenewed(tx: Db, ctx: Context, next: CertificateFacts, previousId: string): Promise<void> {
  await enqueueWebhooks(tx, ctx, 'certificate.renewed', { certificate: factsOf(next), previousCertificateId: previousId, at: ctx.clock.now().toISOString() });
}

/** certificate.revoked: in the revocation's transaction; signatures timestamped before `revokedAt` stay valid. */
export async function notifyCertificateRevoked(tx: Db, ctx: Context, revoked: CertificateFacts, revocation: { reason: string; revokedAt: Date }): Promise<void> {
  await enqueueWebhooks(tx, ctx, 'certificate.revoked', { certificate: factsOf(revoked), reason: revocation.reason, revokedAt: revocation.revokedAt.toISOString() });
}

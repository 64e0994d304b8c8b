import type { Context } from '../context';
import { recordOperation } from '../operations/record-operation';

export interface CertificateOperation {
  /** Operation-log action name, e.g. 'certificate.renew', 'certificate.reminder'. */
  action: string;
  certificateId: string | null;
  detail?: Record<string, unknown>;
}

/**
 * Notes a certificate lifecycle event. Changes made through the API are already in the operation
 * log, recorded by route() with the staff actor and the outcome, so those only get a structured
 * server-log line here; events the server makes on its own (reminders, first-start issuance) have no
 * request behind them and are recorded in the operation log with the system actor.
 */
export async function recordCertificateOperation(ctx: Context, op: CertificateOperation, options: { bySystem?: boolean } = {}): Promise<void> {
  console.info(`[signet] ${op.action}`, JSON.stringify({ at: ctx.clock.now().toISOString(), certificateId: op.certificateId, ...op.detail }));
  if (!options.bySystem) return;
  await recordOperation(ctx, {
    action: op.action,
    actor: { kind: 'system', name: 'certificate-monitor' },
    target: op.certificateId ? { type: 'certificate', id: op.certificateId } : null,
    outcome: 'ok',
    details: op.detail ?? null,
  });
}

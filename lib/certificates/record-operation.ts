import type { Context } from '../context';

export interface CertificateOperation {
  /** Operation-log action name, e.g. 'certificate.renew', 'certificate.reminder'. */
  action: string;
  certificateId: string | null;
  detail?: Record<string, unknown>;
}

/**
 * Records a certificate lifecycle operation. For now it only logs a structured line; the lead wires
 * it to the operation log another helper is building (one call site for every certificate event).
 */
export async function recordCertificateOperation(ctx: Context, op: CertificateOperation): Promise<void> {
  console.info(`[signet] ${op.action}`, JSON.stringify({ at: ctx.clock.now().toISOString(), certificateId: op.certificateId, ...op.detail }));
}

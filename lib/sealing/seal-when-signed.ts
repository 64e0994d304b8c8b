import type { Context } from '../context';
import { findSealedPdf } from './sealed-pdf-store';
import { sealRequest } from './seal-request';

/**
 * The hook for "this request is now fully signed": seals it in the background so the signer's
 * answer does not wait for the TSA. A failure is logged and recorded (sealed_pdfs.status failed);
 * getSealedPdf retries. Safe to call more than once.
 */
export function sealWhenSigned(ctx: Context, requestId: string): void {
  void (async () => {
    if ((await findSealedPdf(ctx, requestId))?.status === 'sealed') return;
    await sealRequest(ctx, requestId);
  })().catch(() => undefined); // sealRequest logged and recorded the failure
}

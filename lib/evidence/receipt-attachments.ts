import type { Context } from '../context';
import type { MailExtras } from '../notifications/mail/attachments';
import { findSealedPdf, readAll } from '../sealing/sealed-pdf-store';
import { signatureEvidence } from './signature-evidence';

/**
 * The signer's receipt e-mail carries their signature's evidence bundle (the same JSON as the
 * evidence download, verifiable offline with `npm run verify`) and, once the request is sealed,
 * the sealed PDF. Made at delivery time, so a retry attaches a sealed PDF that appeared meanwhile.
 */
export async function receiptAttachments(ctx: Context, params: Record<string, string | number | null>): Promise<MailExtras> {
  const recordId = String(params.recordId ?? '');
  const requestId = String(params.requestId ?? '');
  const bundle = await signatureEvidence(ctx, recordId);
  const attachments: MailExtras['attachments'] = [
    { filename: `signet-evidence-${recordId}.json`, content: Buffer.from(JSON.stringify(bundle, null, 2) + '\n'), contentType: 'application/json' },
  ];
  const sealed = await findSealedPdf(ctx, requestId);
  if (sealed?.status === 'sealed' && sealed.sha256 && (await ctx.blobs.has(sealed.sha256))) {
    attachments.push({ filename: `signet-sealed-${requestId}.pdf`, content: await readAll(ctx, sealed.sha256), contentType: 'application/pdf' });
  }
  return { attachments, params: { sealed: attachments.length > 1 ? 1 : null } };
}
